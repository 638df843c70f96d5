"""Signing in and out, sessions, CSRF, cookie settings and the secret key."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.desk_tables import AuditEntry, User
from tests.web.conftest import PASSWORD, csrf, log_in, post


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


@pytest.mark.parametrize(("target", "expected"), [
    ("/upload", "/upload"), ("/search%3Fq%3D1", "/search?q=1"), ("//evil.example/x", "/"), ("https://evil.example/", "/"),
    ("/%09/evil.example", "/"),  # browsers drop the tab: //evil.example (the pen test's request)
    ("/%0a/evil.example", "/"), ("/%0d/evil.example", "/"), ("%2F%2Fevil.example", "/"), ("/%5Cevil.example", "/"),
    ("/\\evil.example", "/"), ("//x", "/"), ("https:x", "/"), ("javascript:alert(1)", "/"), ("/%E3%80%80/x", "/"),
])
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


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app) -> Clock:
    """The login throttle's clock, moved by the test."""
    made = Clock()
    app.extensions["login_throttle"].clock = made
    return made


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_an_address_spraying_names_is_slowed_down_and_audited_once(app, clock):
    from store.audit import entries

    sprayer = _from(app, "203.0.113.9")
    answers = [log_in(sprayer, f"name{i}", "Password1").status_code for i in range(30)]  # the pen test's spray
    assert answers[:10] == [401] * 10 and set(answers[10:]) == {429}
    assert "秒后再试" in log_in(sprayer, "name99", "Password1").get_data(as_text=True)
    engine = app.extensions["desk"].engine
    assert len(entries(engine, action="login_failed")) == 10 and len(entries(engine, action="login_throttled")) == 1
    assert log_in(_from(app, "198.51.100.7"), "clerk").status_code == 302  # others are not affected
    clock.now += 2
    assert log_in(sprayer, "name100", "Password1").status_code == 401  # after the back-off: one more try


def test_wrong_passwords_for_a_name_slow_it_down_but_never_lock_its_owner_out(app, clock):
    attacker, owner = _from(app, "203.0.113.9"), _from(app, "198.51.100.7")
    answers = [log_in(attacker, "clerk", "wrong password").status_code for _ in range(12)]
    assert 429 in answers
    assert log_in(owner, "clerk").status_code == 429  # the name waits, wherever it comes from …
    clock.now += 61
    assert log_in(owner, "clerk").status_code == 302  # … a minute at most: no lock-out
    assert log_in(attacker, "clerk", "wrong password").status_code == 401  # forgiven after the right password


def test_a_password_reset_ends_the_users_sessions(app, signed_in):
    clerk = signed_in("clerk")
    admin = signed_in("admin")
    response = admin.post("/admin/users/1/password", data={"password": "a new password 7", "csrf_token": csrf(admin)})
    assert response.status_code == 302
    assert clerk.get("/").status_code == 302  # back to the login page: the old session is over


def test_an_unknown_name_costs_the_same_password_check(app, monkeypatch):
    import store.users

    checked = []
    real = store.users.check_password_hash
    monkeypatch.setattr(store.users, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    assert log_in(app.test_client(), "nobody-at-all", "some password").status_code == 401
    assert log_in(app.test_client(), "clerk", "some password").status_code == 401
    unknown, known = checked
    assert unknown.split("$")[0] == known.split("$")[0]  # same method and cost


def test_an_initial_password_must_be_changed_before_anything_else(app, signed_in):
    """Accounts made by the administrator (and the demo's) kept their printed password."""
    admin = signed_in("admin")
    post(admin, "/admin/users", username="zhaoliu", password="initial password 1", role="clerk", display_name="赵六")
    client = app.test_client()
    assert log_in(client, "zhaoliu", "initial password 1").status_code == 302
    for url in ("/", "/upload", "/search?q=利伐沙班"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/account/password", url
    assert client.get("/api/cases").status_code == 403
    assert "您的密码由他人设置" in client.get("/account/password").get_data(as_text=True)
    refused = post(client, "/account/password", current="initial password 1", new="my own 2 words", repeat="typo")
    assert refused.status_code == 400 and "两次输入的新密码不一致" in refused.get_data(as_text=True)
    done = post(client, "/account/password", current="initial password 1", new="my own 2 words",
                repeat="my own 2 words")
    assert done.status_code == 302
    assert client.get("/upload").status_code == 200
    assert log_in(app.test_client(), "zhaoliu", "my own 2 words").status_code == 302


def test_every_user_can_change_their_own_password(app, signed_in):
    client = signed_in("archivist")
    assert "修改密码" in client.get("/").get_data(as_text=True)
    assert post(client, "/account/password", current=PASSWORD, new="archive keeper 9",
                repeat="archive keeper 9").status_code == 302
    assert log_in(app.test_client(), "archivist", PASSWORD).status_code == 401
