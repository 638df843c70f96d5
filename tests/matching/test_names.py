import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.forms import compare_forms, form_of, forms, split_form
from matching.names import normalise_name, parse_name


@pytest.mark.parametrize(
    ("name", "base", "salt", "form"),
    [
        ("艾地骨化醇软胶囊", "艾地骨化醇", None, "软胶囊"),
        ("盐酸二甲双胍缓释片", "二甲双胍", "盐酸", "缓释片"),
        ("硫酸氢氯吡格雷片", "氯吡格雷", "硫酸氢", "片"),
        ("泮托拉唑钠肠溶片", "泮托拉唑", "钠", "肠溶片"),
        ("注射用头孢曲松钠", "头孢曲松", "钠", "注射用无菌粉末"),
        ("小儿大黄碳酸氢钠片", "小儿大黄碳酸氢钠", None, "片"),  # 碳酸氢钠 is an ingredient
        ("碳酸钙片", "碳酸钙", None, "片"),  # too short to lose a salt
        ("地诺孕素片", "地诺孕素", None, "片"),
        ("阿莫西林胶囊（0.25g）", "阿莫西林", None, "胶囊"),
        ("保胎灵", "保胎灵", None, None),
    ],
)
def test_parse_name(name, base, salt, form):
    parsed = parse_name(name)
    assert (parsed.base, parsed.salt, parsed.form.canonical if parsed.form else None) == (base, salt, form)


@pytest.mark.parametrize(
    ("a", "b", "column", "expected"),
    [
        ("片", "片剂", False, "equal"),
        ("胶丸", "软胶囊剂", False, "equal"),
        ("片", "薄膜衣片", False, "compatible"),  # a coated tablet keeps the name 某某片
        ("分散片", "片", False, "differs"),  # 分散片 is another product
        ("分散片", "片剂", True, "compatible"),  # …but a 剂型 column may say only 片剂
        ("注射液", "注射剂", True, "compatible"),
        ("注射液", "注射用无菌粉末", False, "differs"),
        ("胶囊", "软胶囊", False, "differs"),
        ("片", "胶囊", False, "differs"),
        ("片", None, False, "unknown"),
    ],
)
def test_compare_forms(a, b, column, expected):
    assert compare_forms(form_of(a), form_of(b), b_is_column=column) == expected


def test_every_form_splits_off_a_name():
    for written, form in forms().items():
        if written.endswith("用"):  # a form that begins a name: 注射用紫杉醇
            assert split_form(written + "某某") == ("某某", form)
        elif form.kind == "qualified":  # compared as its plain form, the qualifier kept in the name
            assert split_form("某某" + written) == ("某某" + written.removesuffix(form.canonical), forms()[form.canonical])
        else:
            assert split_form("某某" + written) == ("某某", form)


@pytest.mark.parametrize(
    ("name", "base", "form", "column"),
    [
        ("硝酸咪康唑阴道软胶囊", "咪康唑阴道", "软胶囊", "软胶囊"),  # 阴道 stays in the name
        ("ω-3鱼油脂肪乳注射液", "ω-3鱼油脂肪乳", "注射液", "注射液"),
        ("布地奈德吸入混悬液", "布地奈德", "吸入混悬液", "吸入混悬液"),  # a form of its own
    ],
)
def test_qualified_forms_compare_as_their_plain_form(name, base, form, column):
    parsed = parse_name(name)
    assert (parsed.base, parsed.form.canonical) == (base, form)
    assert compare_forms(parsed.form, form_of(column), b_is_column=True) == "equal"


@given(st.text(alphabet="盐酸二甲双胍片（）()0.25g ｍｇ　注射用", max_size=20))
def test_normalise_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once
