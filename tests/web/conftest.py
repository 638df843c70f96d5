"""Fixtures of the web desk tests: an app on a fresh data folder, one account per role,
signed-in clients, and a ruling registered from a real corpus PDF read by the real extractor."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

PASSWORD = "correct horse 42"
ACCOUNTS = {  # username -> role
    "clerk": "clerk",
    "officer1": "officer",
    "officer2": "officer",
    "archivist": "archivist",
    "admin": "administrator",
}
SAMPLE_PDF = REPO / "corpus" / "pdf" / "01_bj_first_rivaroxaban_stop.pdf"  # a court judgment, not yet effective
OFFICE_PDF = REPO / "corpus" / "pdf" / "26_js_office_vonoprazan_stop.pdf"  # an IP office ruling with a stop order


def make_app(home: Path):
    """A desk app in testing mode on the data folder `home`, with one account per role
    and a spare one (`spare`, a clerk) for tests that change accounts."""
    from corpus import DEMO_SETTINGS
    from store.users import create_user
    from web import create_app

    home.mkdir(parents=True, exist_ok=True)  # the offices configured, as the demo's administrator has
    shutil.copyfile(DEMO_SETTINGS, home / "settings.toml")
    app = create_app({"TESTING": True, "HOME": str(home), "SESSION_COOKIE_SECURE": False, "READ_TIMEOUT": 60.0})
    for username, role in {**ACCOUNTS, "spare": "clerk"}.items():
        create_user(app.extensions["desk"].engine, username, PASSWORD, role, username)
    return app


@pytest.fixture
def app(tmp_path):
    """A desk app on an empty data folder (see `make_app`)."""
    app = make_app(tmp_path / "home")
    yield app
    app.extensions["desk"].close()


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """One app for a whole module of read-mostly tests, with the sample ruling registered
    (`shared_app.config["RULING_ID"]`)."""
    folder = tmp_path_factory.mktemp("desk")
    app = make_app(folder / "home")
    app.config["RULING_ID"] = register_sample(app, folder)
    yield app
    app.extensions["desk"].close()


def csrf(client) -> str:
    """The CSRF token of the client's session (made when missing)."""
    with client.session_transaction() as session:
        session.setdefault("csrf", "test-token")
        return session["csrf"]


def log_in(client, username: str, password: str = PASSWORD):
    """Sign `client` in through the login form; returns the response."""
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf(client)})


@pytest.fixture
def signed_in(app):
    """signed_in(username) -> a test client signed in as that account."""

    def make(username: str):
        client = app.test_client()
        response = log_in(client, username)
        assert response.status_code == 302, response.data
        return client

    return make


@functools.cache
def _reading(pdf: Path) -> dict:
    """The extractor's reading of a corpus PDF (real extractor, read once per session)."""
    from extract.jsonout import ruling_to_json
    from extract.ruling import read_ruling

    reading = ruling_to_json(read_ruling(pdf))
    reading["source"]["filename"] = pdf.name
    return reading


@pytest.fixture
def registered(app, tmp_path) -> int:
    """The id of a ruling registered from the sample PDF in `app` (see `register_sample`)."""
    return register_sample(app, tmp_path)


def register_sample(app, tmp_path: Path, pdf: Path = SAMPLE_PDF) -> int:
    """Register the sample PDF: stored as an upload would store it, read by the real
    extractor (in this process, to keep the test fast); returns the ruling id."""
    from store.audit import Actor
    from store.jobs import finish_done, submit_file
    from store.rulings import sha256_of

    desk = app.extensions["desk"]
    copy = tmp_path / "upload.pdf"
    shutil.copyfile(pdf, copy)
    job = submit_file(desk.engine, desk.home, copy, pdf.name, "pdf", sha256_of(copy), copy.stat().st_size,
                      Actor(None, "test"))
    return finish_done(desk.engine, job.id, _reading(pdf))


def import_sample_catalogue(app, tmp_path: Path) -> None:
    """Load the corpus's sample catalogue (every accused product listed in 广东省, with hard
    negatives) into the app's database, as `rulingdesk demo` does."""
    import datetime as dt

    from rulingdesk.commands.catalogue import import_file
    from rulingdesk.commands.demo import sample_catalogue

    import_file(app.extensions["desk"].engine, sample_catalogue(tmp_path), None, dt.date(2099, 1, 1),
                show_progress=False)


@pytest.fixture
def office(app, tmp_path) -> int:
    """An IP-office ruling (stop order, acted on at once) with the sample catalogue loaded."""
    import_sample_catalogue(app, tmp_path)
    return register_sample(app, tmp_path, OFFICE_PDF)


def post(client, url: str, **data):
    """POST `data` as a form with the client's CSRF token."""
    return client.post(url, data={"csrf_token": csrf(client), **data})


def shown_version(client, draft_id: int) -> str:
    """The version hash the draft page's approve form sends (the version the user saw)."""
    import re

    page = client.get(f"/drafts/{draft_id}").get_data(as_text=True)
    found = re.search(r'name="version" value="([0-9a-f]*)"', page)
    assert found, "the draft page carries no version"
    return found.group(1)


def approve_as(client, draft_id: int):
    """Open the draft page as `client` and press 核准 (the form with the version shown)."""
    return post(client, f"/drafts/{draft_id}/approve", version=shown_version(client, draft_id))


def edit_as(client, draft_id: int, **values: str):
    """Open the draft page as `client` and save `values` (field name -> text), as the
    page's form does (with the version shown)."""
    version = shown_version(client, draft_id)
    return post(client, f"/drafts/{draft_id}", version=version, **{f"v:{k}": v for k, v in values.items()})
