"""The permission matrix: every role × every action, allowed or 403; and every route of the
app is in the table (a new route must say who may use it)."""

from __future__ import annotations

import pytest

from generate.pdf import soffice
from tests.web.conftest import ACCOUNTS, OFFICE_PDF, csrf, import_sample_catalogue, log_in, register_sample
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
    ("upload", "POST", "/upload/jobs/1/retry"),
    ("own_account", "GET", "/account/password"),
    ("correct", "POST", "/review/{id}"),
    ("correct", "POST", "/review/{id}/parties"),
    ("correct", "POST", "/review/{id}/products/0/removed"),
    ("download", "GET", "/cases/{id}/original"),
    ("manage_users", "GET", "/admin/users"),
    ("manage_users", "POST", "/admin/users"),
    ("manage_users", "POST", "/admin/users/6/active"),
    ("manage_users", "POST", "/admin/users/6/password"),
    ("manage_users", "POST", "/admin/users/6/role"),
    ("audit", "GET", "/admin/audit"),
    ("audit", "GET", "/admin/audit.csv"),
    ("audit", "POST", "/admin/audit/verify"),
    ("audit", "GET", "/admin/audit/head.json"),
    ("read", "GET", "/search?q=利伐沙班"),
    ("read", "GET", "/search.csv?q=利伐沙班"),
    ("read", "GET", "/deadlines"),
    ("read", "GET", "/objections"),
    ("draft", "POST", "/objections"),
    ("draft", "POST", "/objections/{objection}/drafts"),
    ("correct", "POST", "/cases/{id}/effective"),
    ("manage_catalogue", "GET", "/admin/catalogue"),
    ("manage_catalogue", "POST", "/admin/catalogue"),
    ("manage_settings", "GET", "/admin/settings"),
    ("manage_settings", "POST", "/admin/settings"),
    ("read", "GET", "/cases/{office}/matches"),
    ("read", "GET", "/cases/{office}/documents"),
    ("read", "GET", "/drafts/{draft}"),
    ("read", "GET", "/drafts/{draft}/preview.json"),
    ("read", "GET", "/drafts/{draft}/preview/1.png"),
    ("download", "GET", "/drafts/{draft}/preview.pdf"),
    ("match", "POST", "/cases/{office}/matches"),
    ("draft", "POST", "/cases/{office}/drafts"),
    ("draft", "POST", "/drafts/{draft}"),
    ("approve", "POST", "/drafts/{draft}/approve"),
    ("approve", "POST", "/drafts/{draft}/issue"),
    ("approve", "POST", "/drafts/{draft}/withdraw"),
    ("download", "GET", "/drafts/{draft}/download"),
    ("download", "GET", "/drafts/{draft}/download.pdf"),
    ("download", "GET", "/cases/{office}/documents.zip"),
    ("read", "GET", "/api/cases"),
    ("read", "GET", "/api/cases/{id}"),
    ("correct", "POST", "/api/cases/{id}/corrections"),
    ("upload", "POST", "/api/upload"),
    ("upload", "GET", "/api/jobs?ids=1"),
    ("read", "GET", "/api/cases/{office}/matches"),
    ("match", "POST", "/api/cases/{office}/matches"),
    ("draft", "POST", "/api/cases/{office}/drafts"),
    ("read", "GET", "/api/cases/{office}/documents"),
    ("approve", "POST", "/api/drafts/{draft}/issue"),
    ("read", "GET", "/api/search?q=利伐沙班"),
    ("audit", "GET", "/api/audit"),
    ("correct", "POST", "/api/cases/{id}/parties"),
    ("correct", "POST", "/api/cases/{id}/products"),
    ("correct", "POST", "/api/cases/{id}/parties/0/removed"),
    ("correct", "POST", "/api/cases/{id}/products/0/removed"),
    ("correct", "POST", "/api/cases/{id}/effective"),
    ("read", "GET", "/api/deadlines"),
    ("read", "GET", "/api/objections"),
    ("draft", "POST", "/api/objections"),
    ("draft", "POST", "/api/objections/{objection}/drafts"),
]
PUBLIC = {"auth.login", "auth.logout", "static", "api.openapi", "api.csrf"}

CASES = [
    pytest.param(username, action, method, url, id=f"{username}-{method}-{url}")
    for username in ACCOUNTS
    for action, method, url in ROUTES
]


@pytest.fixture(scope="module")
def ids(shared_app, tmp_path_factory) -> dict[str, int]:
    """The ids the URLs name: the sample ruling, an IP-office ruling with a draft made by
    the clerk (so that either officer may approve it)."""
    from store.drafts import add_drafts
    from store.match_decisions import decisions_for
    from store.users import list_users
    from web.casework import actions_for, candidates, plans_for

    folder = tmp_path_factory.mktemp("office")
    office = register_sample(shared_app, folder, OFFICE_PDF)
    import_sample_catalogue(shared_app, folder)
    desk = shared_app.extensions["desk"]
    from generate.settings import load_settings
    from store.rulings import get_ruling

    ruling = get_ruling(desk.engine, office).ruling
    plans = plans_for(ruling, actions_for(ruling, candidates(desk.engine, ruling, decisions_for(desk.engine, office))),
                      load_settings(desk.home))
    clerk = next(u for u in list_users(desk.engine) if u.username == "clerk")
    (draft, *_rest) = add_drafts(desk.engine, office, plans, clerk.actor).ids
    import datetime as dt

    from store.objections import add_objection

    objection = add_objection(desk.engine, objector="甲公司", province="广东省", catalogue_id="GD260",
                              received_on=dt.date(2099, 3, 1)).id
    return {"id": shared_app.config["RULING_ID"], "office": office, "draft": draft, "objection": objection}


@pytest.mark.parametrize(("username", "action", "method", "url"), CASES)
def test_each_role_is_allowed_or_refused(shared_app, ids, username, action, method, url):
    client = shared_app.test_client()
    assert log_in(client, username).status_code == 302
    data = {"csrf_token": csrf(client)} if method == "POST" else None
    response = client.open(url.format(**ids), method=method, data=data)
    response.close()  # file responses hold the file open
    allowed = ACCOUNTS[username] in PERMISSIONS[action]
    if allowed:  # 409: permitted, but the document is not in the state the step needs; 400 (API): no body;
        # 503: page previews on a machine without LibreOffice
        assert response.status_code in (200, 302, 409, *((400,) if url.startswith("/api/") else ()),
                                        *((503,) if "/preview" in url and soffice() is None else ())), (
            response.status_code, response.data[:300])
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("action", "method", "url"), ROUTES, ids=[f"{m}-{u}" for _, m, u in ROUTES])
def test_anonymous_visitors_are_sent_to_the_login_page(shared_app, ids, action, method, url):
    client = shared_app.test_client()
    data = {"csrf_token": csrf(client)} if method == "POST" else None
    response = client.open(url.format(**ids), method=method, data=data)
    response.close()
    if url.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_every_route_is_in_the_matrix(shared_app, ids):
    adapter = shared_app.url_map.bind("localhost")
    covered = {adapter.match(url.format(**ids).split("?")[0], method=method)[0] for _, method, url in ROUTES}
    assert set(shared_app.view_functions) - PUBLIC - covered == set()


def test_every_view_declares_its_action(shared_app):
    app = shared_app
    for endpoint, view in app.view_functions.items():
        if endpoint in PUBLIC:
            continue
        assert getattr(view, "required_action", None) in PERMISSIONS, endpoint
