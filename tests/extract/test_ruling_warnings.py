"""A warning is never false (issue 10, part 2): the whole-document warnings of
`extract.ruling.understand`."""

from __future__ import annotations

from extract.model import Document, Source
from extract.ruling import understand

NOT_A_RULING = "这份文件不像判决书"


def _warnings(text: str) -> tuple[str, ...]:
    return understand(Document(text, (None,) * len(text), 1), Source("x.txt", "0" * 64, 1)).warnings


def test_a_copy_cut_before_its_title_is_not_called_a_non_ruling():
    """A page copied from a site that starts at the party block: a ruling without its name."""
    text = ("（2098）苏01民初77号\n原告：甲药业有限公司，住所地江苏省南京市。\n被告：乙制药有限公司，住所地浙江省杭州市。\n"
            "原告甲药业有限公司与被告乙制药有限公司侵害发明专利权纠纷一案，本院于2098年3月1日立案后，依法适用普通程序。")
    warnings = _warnings(text)
    assert not any(NOT_A_RULING in w for w in warnings)
    assert any("文书名称" in w for w in warnings)  # what is really missing is said


def test_a_notice_is_still_called_a_non_ruling():
    text = "某某省医疗保障局\n关于某某产品挂网有关事项的通知\n各有关企业：\n现将有关事项通知如下。"
    assert any(NOT_A_RULING in w for w in _warnings(text))
