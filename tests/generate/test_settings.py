"""settings.toml: created with commented defaults, read strictly; a missing office is refused
with what to add and where, never derived from a province's name."""

from __future__ import annotations

import pytest

from generate.settings import (
    DEFAULT_SETTINGS,
    SETTINGS_FILE,
    OfficeMissing,
    SettingsError,
    load_settings,
    parse_settings,
    save_settings,
    settings_text,
)


def test_first_use_writes_commented_defaults(tmp_path):
    settings = load_settings(tmp_path)
    text = (tmp_path / SETTINGS_FILE).read_text(encoding="utf-8")
    assert text == DEFAULT_SETTINGS and text.count("#") > 10
    office = settings.procurement_for("广东省")
    assert (office.notice_prefix, office.letter_prefix) == ("粤医采", "粤医采函")
    assert settings.ip_office_for("广东省知识产权局").letter_prefix == "粤知函"


def test_an_edited_file_is_read_back(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(DEFAULT_SETTINGS.replace('"粤医采"', '"粤医保采"'), encoding="utf-8")
    assert load_settings(tmp_path).procurement_for("广东省").notice_prefix == "粤医保采"


@pytest.mark.parametrize(("text", "names"), [
    ("policy = ", "settings.toml"),
    ('[procurement."广东省"]\nname = "某中心"\nletter_prefix = "x"\n', "notice_prefix"),
    ('[procurement."广东省"]\nname = "某中心"\nnotice_prefix = "x"\nletter_prefix = "y"\nmark = "z"\ncopy_to = [1]\n', "copy_to"),
    ('[ip_office."甲局"]\nletter_prefix = "甲知函"\n', "healthcare_security"),
    ('[procurement."广东省"]\nname = "某中心"\nnotice_prefix = "x"\nletter_prefix = "y"\n', "mark"),  # the red header
    ("objection_days = -3\n", "objection_days"),
])
def test_faulty_settings_name_the_key(text, names):
    with pytest.raises(SettingsError, match=names):
        parse_settings(text)


@pytest.mark.parametrize("province", ["浙江省", "北京市", "广西壮族自治区"])
def test_an_unconfigured_province_is_refused_with_what_to_add(province):
    """浙江省 got an invented red header (浙江省医药集中采购机构文件, 浙江医采〔2026〕1号)."""
    with pytest.raises(OfficeMissing) as refused:
        parse_settings(DEFAULT_SETTINGS).procurement_for(province)
    (message,) = refused.value.missing
    assert f'[procurement."{province}"]' in message and "发文设置" in message and "mark" in message


def test_an_unconfigured_ip_office_is_refused_with_what_to_add():
    with pytest.raises(OfficeMissing, match=r'\[ip_office\."江苏省知识产权局"\]'):
        parse_settings(DEFAULT_SETTINGS).ip_office_for("江苏省知识产权局")


def test_saving_faulty_settings_leaves_the_file_as_it_was(tmp_path):
    load_settings(tmp_path)
    with pytest.raises(SettingsError, match="notice_prefix"):
        save_settings(tmp_path, '[procurement."广东省"]\nname = "某中心"\nletter_prefix = "某函"\n')
    assert (tmp_path / SETTINGS_FILE).read_text(encoding="utf-8") == DEFAULT_SETTINGS
    assert settings_text(tmp_path) == DEFAULT_SETTINGS


def test_saved_settings_are_what_drafting_reads(tmp_path):
    text = DEFAULT_SETTINGS.replace('notice_prefix = "粤医采"', 'notice_prefix = "粤采通"')
    saved = save_settings(tmp_path, text)
    assert saved.procurement_for("广东省").notice_prefix == "粤采通"
    assert load_settings(tmp_path) == saved
    assert not list(tmp_path.glob(".*saving"))  # no partial file left behind
