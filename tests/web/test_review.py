"""Review: page images with evidence boxes, corrections kept beside the extractor's reading."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.desk_tables import AuditEntry
from store.rulings import get_ruling
from tests.web.conftest import csrf


def test_review_page_shows_page_images_and_evidence_boxes(app, signed_in, registered):
    client = signed_in("clerk")
    page = client.get(f"/review/{registered}").get_data(as_text=True)
    view = get_ruling(app.extensions["desk"].engine, registered)
    pages = view.extracted["source"]["pages"]
    for number in range(1, pages + 1):
        assert f"/review/{registered}/pages/{number}.png" in page
    assert 'data-field="case_number"' in page and 'class="box"' in page
    image = client.get(f"/review/{registered}/pages/1.png")
    assert image.mimetype == "image/png" and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    image.close()


def test_the_outcome_is_chosen_from_its_chinese_labels(signed_in, registered):
    """The review page showed outcome.disposition as the raw code `infringement_found`."""
    page = signed_in("clerk").get(f"/review/{registered}").get_data(as_text=True)
    assert '<option value="infringement_found" selected>认定侵权</option>' in page
    assert 'value="infringement_found"' not in page.replace('<option value="infringement_found"', "")


def test_page_images_are_rendered_at_100_dpi_and_cached(app, signed_in, registered):
    from PIL import Image

    client = signed_in("archivist")
    client.get(f"/review/{registered}/pages/1.png").close()
    cached = list((app.extensions["desk"].home / "cache" / "pages").rglob("1@100.png"))
    assert len(cached) == 1
    with Image.open(cached[0]) as image:
        assert abs(image.width - 595 * 100 / 72) < 3  # an A4 page, 595 points wide


@pytest.mark.parametrize(
    ("path", "typed", "stored"),
    [
        ("effective", "true", True),
        ("case_number", "(2098)京73民初1206号之一", "（2098）京73民初1206号之一"),
        ("products[0].approval_numbers", "国药准字H20963318；国药准字H20963319", ["国药准字H20963318", "国药准字H20963319"]),
        ("parties[1].name", "河北承泰药业有限公司", "河北承泰药业有限公司"),
        ("outcome.damages_cny", "1,000,000", 1000000.0),
    ],
)
def test_a_correction_is_the_clerks_and_the_original_is_kept(app, signed_in, registered, path, typed, stored):
    from store.ruling_fields import get_path

    client = signed_in("clerk")
    response = client.post(f"/review/{registered}", data={"csrf_token": csrf(client), f"f:{path}": typed})
    assert response.status_code == 302
    view = get_ruling(app.extensions["desk"].engine, registered)
    assert get_path(view.current, path) == stored
    assert get_path(view.extracted, path) != stored  # the extractor's reading is kept
    assert view.corrected[path][0] == "clerk"
    with Session(app.extensions["desk"].engine) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "correction")).one()
    assert entry.username == "clerk" and json.loads(entry.after) == {path: stored}
    assert path in json.loads(entry.before)


def test_a_corrected_case_number_shows_on_the_case_page(app, signed_in, registered):
    client = signed_in("clerk")
    client.post(f"/review/{registered}", data={"csrf_token": csrf(client), "f:case_number": "（2098）京73民初9999号"})
    assert "（2098）京73民初9999号" in client.get(f"/cases/{registered}").get_data(as_text=True)
    assert "（2098）京73民初9999号" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "typed"),
    [("decision_date", "2098年11月20日"), ("patents[0].number", "ZL208810329348.1"), ("appeal_period_days", "十五"),
     ("document_type", "verdict"), ("products[7].name", "x"), ("source.sha256", "0" * 64)],
)
def test_values_that_do_not_fit_are_refused_and_nothing_is_saved(app, signed_in, registered, path, typed):
    client = signed_in("clerk")
    before = get_ruling(app.extensions["desk"].engine, registered).current
    response = client.post(f"/review/{registered}", data={"csrf_token": csrf(client), f"f:{path}": typed},
                           follow_redirects=True)
    assert response.status_code == 200
    assert get_ruling(app.extensions["desk"].engine, registered).current == before


def test_the_audit_log_is_append_only(app, registered):
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DBAPIError

    engine = app.extensions["desk"].engine
    for statement in (update(AuditEntry).values(action="x"), delete(AuditEntry)):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(statement)


def _audit(app, action: str) -> list[AuditEntry]:
    with Session(app.extensions["desk"].engine) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_clerk_adds_a_missed_party_and_it_is_the_clerks_correction(app, signed_in, registered):
    client = signed_in("clerk")
    response = client.post(f"/review/{registered}/parties", follow_redirects=True,
                           data={"csrf_token": csrf(client), "name": "远山制药有限公司", "role": "defendant",
                                 "uscc": "9135 0200 7760 4965 3A"})
    assert "已添加当事人 3：远山制药有限公司" in response.get_data(as_text=True)
    view = get_ruling(app.extensions["desk"].engine, registered)
    added = view.current["parties"][2]
    assert (added["name"], added["role"], added["side"], added["uscc"]) == (
        "远山制药有限公司", "defendant", "accused", "91350200776049653A")
    assert len(view.extracted["parties"]) == 2  # the extractor's reading is kept as it was
    assert view.corrected["parties[2]"][0] == "clerk"
    (entry,) = _audit(app, "item_added")
    assert entry.username == "clerk" and json.loads(entry.after)["parties[2]"]["name"] == "远山制药有限公司"
    page = client.get(f"/review/{registered}").get_data(as_text=True)
    assert 'data-field="parties[2].name"' in page and "clerk 于" in page and "添加" in page


def test_a_clerk_chooses_the_side_of_an_added_party(app, signed_in, registered):
    client = signed_in("clerk")
    page = client.get(f"/review/{registered}").get_data(as_text=True)
    assert 'name="side"' in page and "按诉讼地位判断" in page and "被诉一方" in page
    client.post(f"/review/{registered}/parties", data={"csrf_token": csrf(client), "name": "远山医药销售有限公司",
                                                       "role": "third_party", "side": "accused"})
    added = get_ruling(app.extensions["desk"].engine, registered).current["parties"][2]
    assert (added["role"], added["side"]) == ("third_party", "accused")  # judged from the role it would have none


@pytest.mark.parametrize(
    ("key", "form", "message"),
    [
        ("parties", {"name": "远山制药有限公司", "role": "defendant", "uscc": "91350200776049653B"},
         "统一社会信用代码：不是有效的统一社会信用代码"),
        ("parties", {"name": "远山制药有限公司", "role": ""}, "诉讼地位：请选择"),
        ("products", {"name": "利伐沙班片", "approval_number": "H20963318"}, "不是批准文号或注册证号"),
        ("products", {"name": " ", "specification": "10mg"}, "产品名称：不能为空"),
    ],
)
def test_an_item_that_does_not_fit_is_refused_with_the_reason(app, signed_in, registered, key, form, message):
    client = signed_in("clerk")
    before = get_ruling(app.extensions["desk"].engine, registered).full
    page = client.post(f"/review/{registered}/{key}", data={"csrf_token": csrf(client), **form},
                       follow_redirects=True).get_data(as_text=True)
    assert "未添加：" in page and message in page
    assert get_ruling(app.extensions["desk"].engine, registered).full == before


@pytest.mark.parametrize("username", ["officer1", "archivist", "admin"])
def test_only_clerks_add_and_remove_items(app, signed_in, registered, username):
    client = signed_in(username)
    assert client.post(f"/review/{registered}/products", data={"csrf_token": csrf(client), "name": "x"}).status_code == 403
    assert client.post(f"/review/{registered}/products/0/removed",
                       data={"csrf_token": csrf(client), "removed": "true"}).status_code == 403
    page = client.get(f"/review/{registered}").get_data(as_text=True)
    assert "添加被诉产品" not in page and "删除此项" not in page


def test_a_removed_product_stays_visible_and_is_restored(app, signed_in, registered):
    engine = app.extensions["desk"].engine
    client = signed_in("clerk")
    client.post(f"/review/{registered}/products/0/removed", data={"csrf_token": csrf(client), "removed": "true"})
    view = get_ruling(engine, registered)
    assert view.current["products"] == [] and view.ruling.products == ()
    assert view.full["products"][0]["removed"] is True and view.extracted["products"][0]["name"] == "利伐沙班片"
    page = client.get(f"/review/{registered}").get_data(as_text=True)
    assert "已删除 · clerk" in page and "恢复" in page and 'value="利伐沙班片" disabled' in page
    # the review form sends every box again: a removed item's boxes are disabled, so it stays removed
    client.post(f"/review/{registered}", data={"csrf_token": csrf(client), "f:case_number": "（2098）京73民初1206号"})
    assert get_ruling(engine, registered).current["products"] == []
    client.post(f"/review/{registered}/products/0/removed", data={"csrf_token": csrf(client), "removed": "false"})
    assert [p["name"] for p in get_ruling(engine, registered).current["products"]] == ["利伐沙班片"]
    (removed,) = _audit(app, "item_removed")
    (restored,) = _audit(app, "item_restored")
    assert json.loads(removed.after) == {"products[0].removed": True}
    assert json.loads(restored.after) == {"products[0].removed": False} and restored.username == "clerk"


def test_removing_an_item_that_is_not_there_is_refused(app, signed_in, registered):
    client = signed_in("clerk")
    page = client.post(f"/review/{registered}/products/5/removed", follow_redirects=True,
                       data={"csrf_token": csrf(client), "removed": "true"}).get_data(as_text=True)
    assert "没有这一项：被诉产品 第 6 项" in page
    assert _audit(app, "item_removed") == []


class _FormBoxes(HTMLParser):
    """What a browser sends for the review form's boxes: each enabled `f:` input's value and
    each enabled `f:` select's selected option."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        name = given.get("name") or ""
        if tag in ("input", "select") and name.startswith("f:") and "disabled" not in given:
            if tag == "input":
                self.sent[name] = given.get("value") or ""
            else:
                self._select, self.sent[name] = name, ""
        elif tag == "option" and self._select and "selected" in given:
            self.sent[self._select] = given.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def test_the_review_form_sent_back_as_shown_changes_nothing(app, signed_in, registered):
    client = signed_in("clerk")
    client.post(f"/review/{registered}/products", data={"csrf_token": csrf(client), "name": "利伐沙班片",
                                                        "approval_number": "国药准字H20963319"})
    client.post(f"/review/{registered}/parties/0/removed", data={"csrf_token": csrf(client), "removed": "true"})
    before = get_ruling(app.extensions["desk"].engine, registered).full
    boxes = _FormBoxes()
    boxes.feed(client.get(f"/review/{registered}").get_data(as_text=True))
    assert boxes.sent["f:products[0].approval_numbers"] == "国药准字H20963318"  # a list is shown as typed
    assert "f:parties[0].name" not in boxes.sent  # a removed party's boxes are not sent
    page = client.post(f"/review/{registered}", data={"csrf_token": csrf(client), **boxes.sent},
                       follow_redirects=True).get_data(as_text=True)
    assert "没有改动" in page and 'class="flash error"' not in page
    assert get_ruling(app.extensions["desk"].engine, registered).full == before


def test_a_relative_data_folder_serves_page_images_and_originals(tmp_path, monkeypatch):
    """`make demo` runs on `--home out/home`: every page image and original was HTTP 500
    (send_file resolved the relative path against the web package, not the working folder)."""
    from tests.web.conftest import log_in, make_app, register_sample

    monkeypatch.chdir(tmp_path)
    app = make_app(Path("out/home"))
    try:
        ruling = register_sample(app, tmp_path)
        client = app.test_client()
        assert log_in(client, "clerk").status_code == 302
        image = client.get(f"/review/{ruling}/pages/1.png")
        assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
        image.close()
        original = client.get(f"/cases/{ruling}/original")
        assert original.status_code == 200 and original.data[:5] == b"%PDF-"
        original.close()
    finally:
        app.extensions["desk"].close()
