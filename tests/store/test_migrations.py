from sqlalchemy import inspect

from store.db import database_url, make_engine
from store.migrate import migrate


def test_migrations_create_every_table_and_run_once(engine):
    names = set(inspect(engine).get_table_names())
    assert {"catalogue_items", "catalogue_approvals", "catalogue_status_changes", "catalogue_imports",
            "document_numbers", "objections", "alembic_version"} <= names  # fmt: skip
    migrate(engine)  # a second run is a no-op


def test_default_database_is_sqlite_in_the_data_folder(tmp_path):
    url = database_url(tmp_path, environ={})
    assert url == f"sqlite:///{tmp_path / 'rulingdesk.sqlite3'}"
    made = make_engine(url)
    with made.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    made.dispose()


def test_postgres_urls_get_the_psycopg_driver(tmp_path):
    url = database_url(tmp_path, environ={"RULINGDESK_DATABASE_URL": "postgresql://u@h:5432/db"})
    assert url == "postgresql+psycopg://u@h:5432/db"


def test_0008_rebuilds_versions_from_the_audit_log_and_claims_live_documents(database_url, tmp_path):
    """A database of before the four-eyes revision: a draft the clerk wrote and an officer
    edited, and two issued notices for one item (issue 11's duplicate). After the upgrade the
    officer is still one of the draft's authors, and only the first notice holds the item."""
    import datetime as dt
    import json

    import pytest
    from alembic import command
    from sqlalchemy import text

    from store.audit import Actor
    from store.drafts import FourEyesError, approve, get_draft
    from store.migrate import alembic_config

    url = database_url
    engine = make_engine(url, upgrade=False)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as connection:
        for user_id, name, role in ((1, "clerk", "clerk"), (2, "officer1", "officer"), (3, "officer2", "officer")):
            connection.execute(text("INSERT INTO users (id, username, display_name, role, password_hash, active, "
                                    "created_at) VALUES (:i, :n, :n, :r, 'x', true, :at)"),
                               {"i": user_id, "n": name, "r": role, "at": at})
        connection.execute(text("INSERT INTO stored_files (sha256, kind, size, filename, uploaded_at) "
                                "VALUES (:s, 'pdf', 1, 'a.pdf', :at)"), {"s": "0" * 64, "at": at})
        connection.execute(text("INSERT INTO rulings (id, sha256, extracted, created_at) VALUES (1, :s, '{}', :at)"),
                           {"s": "0" * 64, "at": at})
        for draft_id, state, title in ((1, "draft", "新标题"), (2, "issued", "通知一"), (3, "issued", "通知二")):
            connection.execute(text(
                "INSERT INTO drafts (id, ruling_id, kind, prefix, plan_values, enterprise, catalogue_ids, state, "
                "drafted_by, drafted_at) VALUES (:i, 1, :k, '粤医采', :v, '甲公司', :c, :s, 1, :at)"),
                {"i": draft_id, "k": "copy_letter" if draft_id == 1 else "delisting_notice",
                 "v": json.dumps({"title": title}, ensure_ascii=False), "c": "[]" if draft_id == 1 else '["GD1"]',
                 "s": state, "at": at})
        connection.execute(text("INSERT INTO audit_log (at, user_id, username, action, subject, before, after) "
                                "VALUES (:at, 2, 'officer1', 'draft_edited', 'draft:1', :b, :a)"),
                           {"at": at, "b": json.dumps({"title": "旧标题"}, ensure_ascii=False),
                            "a": json.dumps({"title": "新标题"}, ensure_ascii=False)})
    migrate(engine)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT number, plan_values, made_by FROM draft_versions "
                                           "WHERE draft_id = 1 ORDER BY number")).all()
        claims = connection.execute(text("SELECT draft_id, kind, item FROM document_claims ORDER BY draft_id")).all()
    assert [(n, json.loads(v)["title"], by) for n, v, by in versions] == [(1, "旧标题", 1), (2, "新标题", 2)]
    assert [tuple(c) for c in claims] == [(1, "copy_letter", ""), (2, "delisting_notice", "GD1")]
    view = get_draft(engine, 1)[0]
    assert view.authors == ("clerk", "officer1")
    with pytest.raises(FourEyesError):
        approve(engine, tmp_path, 1, Actor(2, "officer1"), lambda *a: ("", "", b""), dt.date(2099, 1, 2),
                seen=view.version)
    engine.dispose()
