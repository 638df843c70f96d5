"""Review: page images with evidence boxes, corrections kept beside the extractor's reading."""

from __future__ import annotations

import json

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
