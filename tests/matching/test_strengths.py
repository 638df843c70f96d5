from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.strengths import compare_strengths, normalise_spec


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("0.25g", "250mg", "equal"),
        ("0.75μg", "0.75ug", "equal"),
        ("0.75mcg", "0.75µg", "equal"),
        ("5ml:0.1g", "0.1g/5ml", "equal"),
        ("5ml:0.1g", "5ml:100mg", "equal"),
        ("10mg×7片", "10mg", "equal"),
        ("２０ｍｇ", "20mg", "equal"),
        ("0.5g(以头孢呋辛计)", "500mg", "equal"),
        ("10mg", "20mg", "differs"),
        ("1ml:5mg", "2ml:10mg", "differs"),  # same concentration, another fill
        ("Φ3.5mm×20mm", "φ3.5mm×20mm", "equal"),
        ("GM-300", "GM-301", "differs"),
        # a list of specifications is a set of alternatives (an accused product in several strengths)
        ("5mg、7.5mg", "5mg", "equal"),
        ("7.5mg", "5mg、7.5mg", "equal"),
        ("5mg、7.5mg", "10mg", "differs"),
        ("40mg、80mg", "80mg、40mg", "equal"),
        ("40mg、80mg", "80mg、80mg", "differs"),
        ("0.25g、0.5g", "500mg", "equal"),
        ("BX-20、BX-25", "BX-25", "equal"),
        ("BX-20、BX-25", "BX-18", "differs"),
        (None, "10mg", "unknown"),
        ("", "10mg", "unknown"),
    ],
)
def test_compare_strengths(a, b, expected):
    assert compare_strengths(a, b) == expected


AMOUNTS = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("5000"), places=3)


@given(AMOUNTS)
def test_grams_and_milligrams_round_trip(grams):
    milligrams = grams * 1000
    assert compare_strengths(f"{grams.normalize():f}g", f"{milligrams.normalize():f}mg") == "equal"


@given(AMOUNTS)
def test_micrograms_in_every_spelling_agree(amount):
    text = f"{amount.normalize():f}"
    for unit in ("ug", "mcg", "µg"):
        assert compare_strengths(f"{text}μg", f"{text}{unit}") == "equal"


@given(AMOUNTS, AMOUNTS)
def test_different_amounts_differ(a, b):
    expected = "equal" if a == b else "differs"
    assert compare_strengths(f"{a.normalize():f}mg", f"{b.normalize():f}mg") == expected


@given(st.text(alphabet="0123456789.mgμuMGcl:×*片/ ：５ｍ", max_size=15))
def test_normalise_spec_is_idempotent(text):
    once = normalise_spec(text)
    assert normalise_spec(once) == once
