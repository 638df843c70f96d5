"""Signing in and out, sessions, CSRF, cookie settings and the secret key."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.desk_tables import AuditEntry, User
from tests.web.conftest import PASSWORD, csrf, log_in


@pytest.mark.parametrize(
    ("username", "password", "status"),
    [("clerk", PASSWORD, 302), ("clerk", "wrong password", 401), ("nobody", PASSWORD, 401), ("", "", 401)],
)
def test_login_needs_the_right_password(app, username, password, status):
    assert log_in(app.test_client(), username, password).status_code == status


def test_passwords_are_stored_hashed(app):
    with Session(app.extensions["desk"].engine) as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(PASSWORD not in h and h.startswith(("scrypt:", "pbkdf2:")) for h in hashes)


def test_logout_ends_the_session_even_for_a_copied_cookie(app, signed_in):
    client = signed_in("clerk")
    copied = app.test_client()
    cookie = client.get_cookie("rulingdesk_session")
    copied.set_cookie(cookie.key, cookie.value)
    assert copied.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf(client)}).status_code == 302
    assert copied.get("/").status_code == 302  # the server-side login is ended


def test_a_disabled_account_is_signed_out(app, signed_in):
    from store.audit import Actor
    from store.users import list_users, set_active

    client = signed_in("spare")
    spare = next(u for u in list_users(app.extensions["desk"].engine) if u.username == "spare")
    set_active(app.extensions["desk"].engine, spare.id, False, Actor(None, "test"))
    assert client.get("/").status_code == 302
    assert log_in(app.test_client(), "spare").status_code == 401


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_forms_without_the_csrf_token_are_refused(app, signed_in, token):
    client = signed_in("admin")
    data = {"username": "x1", "password": "12345678", "role": "clerk"}
    if token is not None:
        data["csrf_token"] = token
    assert client.post("/admin/users", data=data).status_code == 400


def test_login_form_itself_needs_the_csrf_token(app):
    response = app.test_client().post("/login", data={"username": "clerk", "password": PASSWORD})
    assert response.status_code == 400


def test_login_and_logout_are_audited(app, signed_in):
    client = signed_in("clerk")
    client.post("/logout", data={"csrf_token": csrf(client)})
    log_in(app.test_client(), "clerk", "wrong")
    with Session(app.extensions["desk"].engine) as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-3:] == ["login", "logout", "login_failed"]


@pytest.mark.parametrize(("target", "expected"), [("/upload", "/upload"), ("//evil.example/x", "/"),
                                                  ("https://evil.example/", "/")])
def test_login_redirects_only_to_local_pages(app, target, expected):
    client = app.test_client()
    response = client.post(f"/login?next={target}",
                           data={"username": "clerk", "password": PASSWORD, "csrf_token": csrf(client)})
    assert response.headers["Location"] == expected


def test_session_cookie_is_http_only_and_same_site(app):
    client = app.test_client()
    response = log_in(client, "clerk")
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_cookie_is_secure_by_default(tmp_path):
    from web import create_app

    made = create_app({"SECRET_KEY": "k" * 32, "HOME": str(tmp_path), "RESUME_JOBS": False})
    try:
        assert made.config["SESSION_COOKIE_SECURE"] is True
    finally:
        made.extensions["desk"].close()


def test_secret_key_is_required_outside_development(tmp_path, monkeypatch):
    from web import create_app

    monkeypatch.delenv("RULINGDESK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"HOME": str(tmp_path)})


def test_pages_carry_security_headers_and_no_external_resources(app, signed_in):
    response = signed_in("clerk").get("/upload")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert b"http://" not in response.data and b"https://" not in response.data


@pytest.mark.parametrize(("hours", "valid"), [(0, True), (9.9, True), (10.1, False)])
def test_a_login_lasts_a_working_day(app, hours, valid):
    import datetime as dt

    from store.users import account_for_token
    from store.users import log_in as store_log_in

    engine = app.extensions["desk"].engine
    _account, token = store_log_in(engine, "clerk", PASSWORD)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    assert (account_for_token(engine, token, now=later) is not None) is valid


def test_repeated_failures_lock_the_name_for_a_while(app):
    from store.users import MAX_FAILURES

    client = app.test_client()
    for _ in range(MAX_FAILURES):
        assert log_in(client, "clerk", "wrong").status_code == 401
    assert log_in(client, "clerk").status_code == 401  # locked, even with the right password
    assert log_in(client, "officer1").status_code == 302  # other names are not affected
