"""Alembic environment: migrations run on the connection `store.migrate` hands in."""

from __future__ import annotations

from alembic import context

import store.desk_tables  # noqa: F401  (the web desk's tables, for autogenerate)
from store.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
