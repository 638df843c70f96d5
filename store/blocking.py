"""The catalogue in the database as a `matching.catalogue.Catalogue`: exact-key look-ups
through the indexes of `catalogue_items` and `catalogue_approvals`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine

from matching.model import CatalogueItem
from store import catalogue


class StoreCatalogue:
    """A Catalogue reading from `engine`; one connection is held while it is open
    (use as a context manager)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> StoreCatalogue:
        self._connection = self._engine.connect()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("use StoreCatalogue as a context manager")
        return self._connection

    def by_approvals(self, numbers: Sequence[str]) -> list[CatalogueItem]:
        return list(catalogue.block_by_approvals(self.connection, numbers))

    def by_codes(self, codes: Sequence[str]) -> list[CatalogueItem]:
        return list(catalogue.block_by_codes(self.connection, codes))

    def by_name(self, name_key: str, company_keys: Sequence[str], limit: int) -> list[CatalogueItem]:
        return list(catalogue.block_by_name(self.connection, name_key, company_keys, limit))
