"""The editable fields of a ruling: typed values to JSON values, paths in and out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.ruling_fields import FieldError, apply_corrections, get_path, parse_value, set_path, spec_of

RULING = {"case_number": "（2099）最高法知民终1号", "authority": {"name": "最高人民法院", "kind": "court"},
          "parties": [{"name": "甲公司"}, {"name": "乙公司", "uscc": None}], "products": []}


@pytest.mark.parametrize(
    ("path", "typed", "expected"),
    [
        ("effective", "true", True),
        ("effective", "false", False),
        ("effective", "", None),
        ("appeal_period_days", " 30 ", 30),
        ("outcome.damages_cny", "1,200,000", 1200000.0),
        ("decision_date", "2099-01-31", "2099-01-31"),
        ("outcome.orders", "停止制造、停止销售；", ["停止制造", "停止销售"]),
        ("outcome.orders", "", []),
        ("case_number", "(2099)最高法知民终1号", "（2099）最高法知民终1号"),
        ("case_number", "某某字 1 号", "某某字1号"),  # not a recognised form: kept as typed, spaces removed
        ("patents[0].number", "2019 1193 7865.X", "ZL201911937865.X"),
        ("parties[0].role", "defendant", "defendant"),
        ("parties[0].uscc", "", None),
    ],
)
def test_typed_values_become_json_values(path, typed, expected):
    assert parse_value(path, typed) == expected


@pytest.mark.parametrize(
    ("path", "typed"),
    [("effective", "maybe"), ("appeal_period_days", "-3"), ("decision_date", "31.01.2099"),
     ("patents[0].number", "ZL201911937865.1"), ("parties[0].role", "judge"), ("source.sha256", "x"),
     ("parties[0].secret", "x"), ("evidence[0].text", "x")],
)
def test_values_that_do_not_fit_are_refused(path, typed):
    with pytest.raises(FieldError):
        parse_value(path, typed)


@pytest.mark.parametrize(
    ("path", "value"),
    [("case_number", "X"), ("authority.name", "Y"), ("parties[1].uscc", "Z"), ("parties[0].name", "丙")],
)
def test_set_then_get_gives_the_value_and_leaves_the_original_alone(path, value):
    changed = set_path(RULING, path, value)
    assert get_path(changed, path) == value
    assert get_path(RULING, path) != value


def test_paths_that_are_not_there_are_refused_by_set_and_skipped_by_apply():
    with pytest.raises(FieldError):
        set_path(RULING, "parties[5].name", "x")
    assert apply_corrections(RULING, [("parties[5].name", "x"), ("case_number", "新")])["case_number"] == "新"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_list_fields_are_idempotent_through_the_edit_box(typed):
    once = parse_value("outcome.orders", typed)
    assert parse_value("outcome.orders", "；".join(once)) == once


@given(st.sampled_from(["case_number", "effective", "parties[0].name", "products[0].infringes", "outcome.orders"]))
def test_every_field_of_the_form_has_a_spec(path):
    assert spec_of(path).label
