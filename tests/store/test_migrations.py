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
