"""What bad requests cannot do: security headers on every response, no 500 for malformed
ids or over-long queries, document content never cached, and crash leftovers cleaned."""

from __future__ import annotations

import pytest

from tests.web.conftest import csrf, make_app, register_sample

BIG = "9" * 20  # beyond the database's integer


def _headers_hold(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no CDN
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    response.close()


@pytest.mark.parametrize(("who", "url"), [(None, "/login"), (None, "/"), (None, "/static/desk.css"), ("clerk", "/"),
                                          ("clerk", "/no-such-page"), ("clerk", "/admin/users"),
                                          ("clerk", "/api/cases"), ("clerk", f"/cases/{BIG}")])
def test_every_response_carries_the_security_headers(app, signed_in, who, url):
    client = signed_in(who) if who else app.test_client()
    _headers_hold(client.get(url))


def test_a_refused_form_carries_the_security_headers(app):
    _headers_hold(app.test_client().post("/login", data={"username": "x"}))  # no CSRF token: 400


def test_templates_have_no_inline_script():
    import re

    from tests.conftest import REPO

    for template in (REPO / "web" / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name


@pytest.mark.parametrize("url", [f"/cases/{BIG}", f"/review/{BIG}", f"/review/{BIG}/pages/1.png",
                                 f"/review/1/pages/{BIG}.png", f"/drafts/{BIG}", f"/drafts/{BIG}/preview.json",
                                 f"/cases/{BIG}/documents", f"/cases/{BIG}/matches", f"/api/cases/{BIG}",
                                 f"/cases/{'9' * 5000}", "/cases/2147483648"])
def test_ids_beyond_the_database_integer_are_not_found(signed_in, url):
    response = signed_in("clerk").get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("url", [f"/?page={BIG}", f"/search?q=x&page={BIG}", f"/search?year={BIG}",
                                 f"/upload/jobs?ids={BIG},1", f"/api/jobs?ids={BIG}", f"/api/cases?page={BIG}",
                                 f"/cases/1/matches?product={BIG}"])
def test_over_large_numbers_in_queries_are_no_server_error(signed_in, url):
    assert signed_in("clerk").get(url).status_code < 500


def test_an_over_large_id_in_a_form_url_is_not_found(signed_in):
    admin = signed_in("admin")
    assert admin.post(f"/admin/users/{BIG}/password", data={"password": "x" * 10, "csrf_token": csrf(admin)}
                      ).status_code == 404


@pytest.mark.parametrize("url", ["/search?q=" + "药" * 1000, "/search?q=" + "a " * 500, "/search.csv?q=" + "x" * 1000,
                                 "/api/search?q=" + "x" * 1000, "/search?party=" + "甲" * 1000])
def test_over_long_queries_are_refused_in_chinese(signed_in, url):
    response = signed_in("clerk").get(url)
    assert response.status_code == 400
    shown = response.get_json()["detail"] if url.startswith("/api/") else response.get_data(as_text=True)
    assert "检索" in shown


def test_page_images_and_originals_are_not_cached(signed_in, registered):
    client = signed_in("clerk")
    for url in (f"/review/{registered}/pages/1.png", f"/cases/{registered}/original"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
        response.close()


def test_partial_uploads_left_by_a_crash_are_deleted_at_start(tmp_path):
    home = tmp_path / "home"
    first = make_app(home)
    register_sample(first, tmp_path)  # a real upload: its stored original must stay
    first.extensions["desk"].close()
    incoming = home / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    for name in ("tmpab12.upload", "tmpcd34.part", "catalogue-0123456789abcdef"):
        (incoming / name).write_bytes(b"half a file")
    kept = {p for p in home.rglob("*") if p.is_file() and incoming not in p.parents}
    from web import create_app

    again = create_app({"TESTING": True, "HOME": str(home)})
    try:
        assert list(incoming.iterdir()) == []
        assert kept <= {p for p in home.rglob("*") if p.is_file()}
    finally:
        again.extensions["desk"].close()


def test_the_audit_export_neutralises_a_formula_user_name(app, signed_in):
    from tests.web.conftest import log_in

    log_in(app.test_client(), "=HYPERLINK(\"http://evil.example\")", "whatever password")  # an audited failure
    response = signed_in("admin").get("/admin/audit.csv")
    text = response.get_data(as_text=True)
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and ",\"=HYPERLINK" not in text


def test_the_search_export_neutralises_a_formula_file_name(app, signed_in, tmp_path):
    import shutil

    from tests.web.conftest import SAMPLE_PDF

    hostile = tmp_path / "=1+1 利伐沙班.pdf"
    shutil.copyfile(SAMPLE_PDF, hostile)
    register_sample(app, tmp_path, hostile)
    text = signed_in("clerk").get("/search.csv?q=利伐沙班").get_data(as_text=True)
    assert "'=1+1 利伐沙班.pdf" in text and ",=1+1" not in text
