"""The editable fields of a ruling: typed values to JSON values, paths in and out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.uscc import USCC_CHARSET, uscc_check_char
from store.ruling_fields import (
    FieldError,
    apply_corrections,
    correction_paths,
    current_of,
    get_path,
    kept_positions,
    new_item,
    parse_value,
    set_path,
    spec_of,
)

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
        ("parties[0].uscc", "9135 0200 7760 4965 3a", "91350200776049653A"),
        ("products[0].approval_numbers", "国药准字 H2021 3456、国械注准20213130109",
         ["国药准字H20213456", "国械注准20213130109"]),
    ],
)
def test_typed_values_become_json_values(path, typed, expected):
    assert parse_value(path, typed) == expected


@pytest.mark.parametrize(
    ("path", "typed"),
    [("effective", "maybe"), ("appeal_period_days", "-3"), ("decision_date", "31.01.2099"),
     ("patents[0].number", "ZL201911937865.1"), ("parties[0].role", "judge"), ("outcome.disposition", "won"), ("source.sha256", "x"),
     ("parties[0].secret", "x"), ("evidence[0].text", "x"), ("parties[0].uscc", "91350200776049653B"),
     ("products[0].approval_numbers", "H20213456"), ("parties[0].removed", "true"), ("products[+]", "x")],
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


def test_added_and_removed_items_keep_every_place_and_the_current_ruling_leaves_removed_out():
    added = {"name": "丙公司", "role": "defendant"}
    full = apply_corrections(RULING, [("parties[+]", added), ("parties[0].removed", True),
                                      ("parties[2].uscc", "91350200776049653A")])
    assert [p["name"] for p in full["parties"]] == ["甲公司", "乙公司", "丙公司"]  # places unchanged
    assert full["parties"][0]["removed"] is True and full["parties"][2]["uscc"] == "91350200776049653A"
    assert [p["name"] for p in current_of(full)["parties"]] == ["乙公司", "丙公司"]
    assert all("removed" not in p for p in current_of(full)["parties"])
    assert kept_positions(full, "parties") == [1, 2]
    assert RULING["parties"] == [{"name": "甲公司"}, {"name": "乙公司", "uscc": None}]  # the reading is untouched
    restored = apply_corrections(full, [("parties[0].removed", False)])
    assert [p["name"] for p in current_of(restored)["parties"]] == ["甲公司", "乙公司", "丙公司"]


def test_an_addition_is_named_by_the_place_its_item_takes():
    fields = ["products[+]", "parties[+]", "products[+]", "products[1].name", "case_number"]
    assert correction_paths(RULING, fields) == ["products[0]", "parties[2]", "products[1]", "products[1].name",
                                                "case_number"]


@pytest.mark.parametrize(
    ("key", "given", "expected"),
    [
        ("parties", {"name": " 丙 药业有限公司", "role": "defendant"},
         {"name": "丙药业有限公司", "role": "defendant", "role_label": "被告", "side": "accused", "kind": "company",
          "uscc": None}),
        ("parties", {"name": "张三", "role": "third_party", "uscc": ""},
         {"name": "张三", "role": "third_party", "role_label": "第三人", "side": None, "kind": "person"}),
        ("parties", {"name": "戊公司", "role": "third_party", "side": "accused"},  # a third party on the accused side
         {"role_label": "第三人", "side": "accused"}),
        ("parties", {"name": "己公司", "role": "defendant", "side": ""}, {"side": "accused"}),
        ("parties", {"name": "丁公司", "role": "appellant", "uscc": "91350200776049653a"},
         {"role_label": "上诉人", "uscc": "91350200776049653A"}),
        ("products", {"name": "利伐沙班片", "specification": "10mg", "approval_number": "国药准字 H2096 3318",
                      "manufacturer": "河北承泰药业股份有限公司"},
         {"name": "利伐沙班片", "specification": "10mg", "approval_numbers": ["国药准字H20963318"],
          "manufacturer": "河北承泰药业股份有限公司", "infringes": None, "party": None}),
        ("products", {"name": "球囊扩张导管"}, {"specification": None, "approval_numbers": [], "manufacturer": None}),
    ],
)
def test_a_clerks_new_item_is_a_contract_item(key, given, expected):
    item = new_item(key, given)
    assert {k: item[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("key", "given", "message"),
    [
        ("parties", {"name": " ", "role": "defendant"}, "当事人名称：不能为空"),
        ("parties", {"name": "丙公司"}, "诉讼地位：请选择"),
        ("parties", {"name": "丙公司", "role": "judge"}, "诉讼地位：未知选项 judge"),
        ("parties", {"name": "丙公司", "role": "defendant", "side": "court"}, "所属一方：未知选项 court"),
        ("parties", {"name": "丙公司", "role": "defendant", "uscc": "91350200776049653B"}, "统一社会信用代码"),
        ("products", {"name": ""}, "产品名称：不能为空"),
        ("products", {"name": "利伐沙班片", "approval_number": "H20963318"}, "不是批准文号或注册证号"),
        ("patents", {"number": "ZL201911937865.X"}, "不能添加到"),
    ],
)
def test_new_items_that_do_not_fit_are_refused_in_chinese(key, given, message):
    with pytest.raises(FieldError, match=message):
        new_item(key, given)


@given(st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2), st.text(alphabet="0123456789", min_size=6, max_size=6),
       st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9))
def test_every_uscc_with_its_check_character_is_accepted_as_typed(registration, region, body):
    first17 = registration + region + body  # the region (行政区划码) is digits
    code = first17 + uscc_check_char(first17)
    assert parse_value("parties[0].uscc", code.lower()) == code
