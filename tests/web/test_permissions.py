"""The permission matrix: every role × every action, allowed or 403; and every route of the
app is in the table (a new route must say who may use it)."""

from __future__ import annotations

import pytest

from tests.web.conftest import ACCOUNTS, csrf, log_in
from web.security import PERMISSIONS

# (action, method, url with {id} for the registered ruling)
ROUTES = [
    ("read", "GET", "/"),
    ("read", "GET", "/cases/{id}"),
    ("read", "GET", "/review/{id}"),
    ("read", "GET", "/review/{id}/pages/1.png"),
    ("upload", "GET", "/upload"),
    ("upload", "POST", "/upload"),
    ("upload", "GET", "/upload/jobs?ids=1"),
    ("correct", "POST", "/review/{id}"),
    ("download", "GET", "/cases/{id}/original"),
    ("manage_users", "GET", "/admin/users"),
    ("manage_users", "POST", "/admin/users"),
    ("manage_users", "POST", "/admin/users/6/active"),
    ("manage_users", "POST", "/admin/users/6/password"),
    ("audit", "GET", "/admin/audit"),
    ("audit", "GET", "/admin/audit.csv"),
]
PUBLIC = {"/login", "/logout", "/static/<path:filename>"}

CASES = [
    pytest.param(username, action, method, url, id=f"{username}-{method}-{url}")
    for username in ACCOUNTS
    for action, method, url in ROUTES
]


@pytest.mark.parametrize(("username", "action", "method", "url"), CASES)
def test_each_role_is_allowed_or_refused(shared_app, username, action, method, url):
    client = shared_app.test_client()
    assert log_in(client, username).status_code == 302
    registered = shared_app.config["RULING_ID"]
    data = {"csrf_token": csrf(client)} if method == "POST" else None
    response = client.open(url.format(id=registered), method=method, data=data)
    response.close()  # file responses hold the file open
    allowed = ACCOUNTS[username] in PERMISSIONS[action]
    if allowed:
        assert response.status_code in (200, 302), (response.status_code, response.data[:300])
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("action", "method", "url"), ROUTES, ids=[f"{m}-{u}" for _, m, u in ROUTES])
def test_anonymous_visitors_are_sent_to_the_login_page(shared_app, action, method, url):
    client = shared_app.test_client()
    registered = shared_app.config["RULING_ID"]
    data = {"csrf_token": csrf(client)} if method == "POST" else None
    response = client.open(url.format(id=registered), method=method, data=data)
    response.close()
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_every_route_is_in_the_matrix(shared_app):
    app = shared_app
    covered = {url.split("?")[0].replace("{id}", "<int:ruling_id>") for _, _, url in ROUTES}
    covered = {u.replace("/pages/1.png", "/pages/<int:number>.png") for u in covered}
    covered = {u.replace("/users/6/", "/users/<int:user_id>/") for u in covered}
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules - PUBLIC - covered == set()


def test_every_view_declares_its_action(shared_app):
    app = shared_app
    for endpoint, view in app.view_functions.items():
        if endpoint in ("static", "auth.login", "auth.logout"):
            continue
        assert getattr(view, "required_action", None) in PERMISSIONS, endpoint
