"""Storage: the database of the data folder (SQLite by default, PostgreSQL by URL).

Public surface: `open_engine(home)` / `make_engine(url)` (schema migrated on first use),
`store.catalogue` (import, look-ups), `store.numbers.allocate_document_number`,
`store.objections` (异议 records).
"""

from store.db import database_url, make_engine, open_engine

__all__ = ["database_url", "make_engine", "open_engine"]
