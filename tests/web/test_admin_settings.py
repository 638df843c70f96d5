"""Administrators edit the offices that issue documents (settings.toml) in the desk."""

from __future__ import annotations

from generate.settings import DEFAULT_SETTINGS, load_settings
from store.audit import entries
from tests.web.conftest import csrf


def test_the_settings_page_shows_the_file_and_the_offices_it_configures(signed_in):
    page = signed_in("admin").get("/admin/settings").get_data(as_text=True)
    assert "广东省医药集中采购中心" in page and "粤医采" in page
    assert "procurement" in page  # the text itself, to edit


def test_saved_settings_are_used_and_audited(app, signed_in):
    client = signed_in("admin")
    text = DEFAULT_SETTINGS.replace('notice_prefix = "粤医采"', 'notice_prefix = "粤采通"')
    response = client.post("/admin/settings", data={"text": text, "csrf_token": csrf(client)})
    assert response.status_code == 302
    home = app.extensions["desk"].home
    assert load_settings(home).procurement_for("广东省").notice_prefix == "粤采通"
    (entry,) = [e for e in entries(app.extensions["desk"].engine, limit=50) if e.action == "settings_changed"]
    assert "粤采通" in str(entry.after) and "粤采通" not in str(entry.before)


def test_faulty_settings_are_refused_with_the_reason_and_the_typed_text_kept(app, signed_in):
    client = signed_in("admin")
    client.get("/admin/settings")  # the defaults are in place
    typed = '[procurement."广东省"]\nname = "某中心"\n'
    response = client.post("/admin/settings", data={"text": typed, "csrf_token": csrf(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "未保存" in page and "notice_prefix" in page and "某中心" in page
    assert load_settings(app.extensions["desk"].home).procurement_for("广东省").notice_prefix == "粤医采"


def test_only_administrators_edit_the_settings(signed_in):
    for username in ("clerk", "officer1", "archivist"):
        client = signed_in(username)
        assert client.get("/admin/settings").status_code == 403
        assert client.post("/admin/settings", data={"text": "", "csrf_token": csrf(client)}).status_code == 403


def test_an_emptied_text_box_is_not_saved(app, signed_in):
    client = signed_in("admin")
    response = client.post("/admin/settings", data={"text": "  ", "csrf_token": csrf(client)}, follow_redirects=True)
    assert "设置文本为空" in response.get_data(as_text=True)
    assert load_settings(app.extensions["desk"].home).procurement_for("广东省").name
