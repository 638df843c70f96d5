"""Shared fixtures."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty data folder, set as RULINGDESK_HOME for the test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RULINGDESK_HOME", str(folder))
    return folder


# --- databases (store/): SQLite always, PostgreSQL when the server answers ----------------

POSTGRES_URL = os.environ.get("RULINGDESK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL test server cannot be used, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=2).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} not reachable: {str(error).strip().splitlines()[0]}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    """The URL of an empty database, also set as RULINGDESK_DATABASE_URL: a SQLite file, or
    a fresh schema on the PostgreSQL test server (dropped afterwards; skipped, with the
    reason, when the server is not reachable)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        monkeypatch.setenv("RULINGDESK_DATABASE_URL", url)
        yield url
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("RULINGDESK_DATABASE_URL", url)
    try:
        yield url
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def engine(database_url, tmp_path):
    """A migrated engine on `database_url` (SQLite and PostgreSQL), disposed afterwards."""
    from store.db import database_url as resolve_url
    from store.db import make_engine

    made = make_engine(resolve_url(tmp_path))
    yield made
    made.dispose()


def pytest_terminal_summary(terminalreporter):
    """Print the corpus score tables the golden tests recorded (property `corpus_scores`)."""
    tables = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "corpus_scores"
    ]
    if tables:
        terminalreporter.section("extraction scores over corpus/")
        for table in tables:
            terminalreporter.write_line(table)
