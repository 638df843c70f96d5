from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.specifications import (
    Strength,
    find_specifications,
    parse_strength,
    parse_strengths,
    same_strength,
)


@pytest.mark.parametrize(
    ("raw", "amount", "unit"),
    [
        ("0.75μg", "0.00075", "mg"),
        ("0.75ug", "0.00075", "mg"),
        ("0.75µg", "0.00075", "mg"),  # micro sign U+00B5
        ("0.75mcg", "0.00075", "mg"),
        ("10mg", "10", "mg"),
        ("10 MG", "10", "mg"),
        ("0.25g", "250", "mg"),
        ("5ml", "5", "ml"),
        ("5mL", "5", "ml"),
        ("1L", "1000", "ml"),
        ("20万单位", "200000", "U"),
        ("0.5%", "0.5", "%"),
        ("１０ｍｇ", "10", "mg"),
    ],
)
def test_parse_strength(raw, amount, unit):
    assert parse_strength(raw) == Strength(Decimal(amount), unit)


@pytest.mark.parametrize("raw", ["22G", "5μm", "10", "mg", "10mg×7片"])
def test_parse_strength_rejects(raw):
    assert parse_strength(raw) is None


def test_compound_strengths():
    assert parse_strengths("5mg/500mg×14片/盒") == (Strength(Decimal(5), "mg"), Strength(Decimal(500), "mg"))
    assert parse_strengths("5ml:0.1g") == (Strength(Decimal(5), "ml"), Strength(Decimal(100), "mg"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("0.25g", "250mg", True),
        ("0.75μg", "0.75mcg", True),
        ("10mg×7片", "10mg*14片/盒", True),
        ("10mg", "20mg", False),
        ("1套/盒", "1套/盒", False),  # no strength: not comparable
    ],
)
def test_same_strength(a, b, same):
    assert same_strength(a, b) is same


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("规格：0.75μg，", ["0.75μg"]),
        ("规格0.75ug", ["0.75ug"]),
        ("规格为10mg。", ["10mg"]),
        ("0.25g", ["0.25g"]),
        ("规格5ml:0.1g", ["5ml:0.1g"]),
        ("包装：10mg×7片/盒", ["10mg×7片/盒"]),
        ("20mg*14片/盒", ["20mg*14片/盒"]),
        ("规格型号：SD-3.0×18mm，", ["SD-3.0×18mm"]),
        ("型号为GM-300的血糖仪", ["GM-300"]),
        ("型号规格安护型22G，", ["安护型22G"]),
        ("粒径D90为9.8μm", []),
        ("包装规格为1套/盒", ["1套/盒"]),  # a pack, not a model
        ("包装14片/盒。", ["14片/盒"]),
        ("包装：10mg×10片×3板/盒", ["10mg×10片×3板/盒"]),
        ("包装1台/箱。", ["1台/箱"]),
        ("规格：80mg（按C28H33N7O2计）", ["80mg（按C28H33N7O2计）"]),
        ("100mg（沙库巴曲49mg/缬沙坦51mg）", ["100mg（沙库巴曲49mg/缬沙坦51mg）"]),
        ("规格10mg（薄膜衣）", ["10mg"]),  # a note without a strength is not part of it
        ("型号JM-Ⅱ，配针", ["JM-Ⅱ"]),
        ("型号：CT-5、CT-10、CT-12，医疗器械", ["CT-5、CT-10、CT-12"]),
        ("规格型号：32G×4mm、31G×5mm；", ["32G×4mm、31G×5mm"]),
        ("规格：40mg、80mg；", ["40mg", "80mg"]),
    ],
)
def test_find_specifications(text, values):
    found = find_specifications(text)
    assert [f.value for f in found] == values
    for f in found:
        assert text[f.start : f.end] == f.raw


amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3)


@given(amounts)
def test_mass_round_trips_through_every_unit(mg):
    canonical = parse_strength(f"{mg}mg")
    assert canonical is not None
    assert parse_strength(f"{mg / 1000:f}g") == canonical
    assert parse_strength(f"{mg * 1000:f}μg") == canonical
    assert parse_strength(f"{mg * 1000:f}ug") == canonical
    assert parse_strength(f"{mg * 1000:f}mcg") == canonical


@given(amounts)
def test_parse_strength_is_stable_on_its_own_output(mg):
    canonical = parse_strength(f"{mg}mg")
    assert canonical is not None
    assert parse_strength(f"{canonical.amount}{canonical.unit}") == canonical
