"""Where candidates come from: the `Catalogue` protocol the matcher blocks through, and an
in-memory implementation (tests, small files). The database one is `store.blocking`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from matching.keys import ProductKeys, code_key, item_keys
from matching.model import CatalogueItem


class Catalogue(Protocol):
    """Exact-key look-ups over listed items."""

    def by_approvals(self, numbers: Sequence[str]) -> list[CatalogueItem]:
        """Items carrying any of these normalised approval numbers."""
        ...

    def by_codes(self, codes: Sequence[str]) -> list[CatalogueItem]:
        """Items whose 医保代码 or 产品编码 is one of `codes`."""
        ...

    def by_name(self, name_key: str, company_keys: Sequence[str], limit: int) -> list[CatalogueItem]:
        """Items with this name key, made or held by one of `company_keys` (any when empty)."""
        ...


class MemoryCatalogue:
    """A Catalogue held in dictionaries; built once from items."""

    def __init__(self, items: Iterable[CatalogueItem]) -> None:
        self._approvals: dict[str, list[CatalogueItem]] = {}
        self._codes: dict[str, list[CatalogueItem]] = {}
        self._names: dict[str, list[tuple[CatalogueItem, str | None, str | None]]] = {}
        for item in items:
            keys = item_keys(item)
            for number in keys.approvals:
                self._approvals.setdefault(number, []).append(item)
            for code in {item.nhsa_code, item.catalogue_id}:
                if code:
                    self._codes.setdefault(code_key(code), []).append(item)
            self._names.setdefault(keys.name_key, []).append((item, keys.maker_key, keys.holder_key))

    def by_approvals(self, numbers: Sequence[str]) -> list[CatalogueItem]:
        return [item for n in numbers for item in self._approvals.get(n, ())]

    def by_codes(self, codes: Sequence[str]) -> list[CatalogueItem]:
        return [item for c in codes for item in self._codes.get(c, ())]

    def by_name(self, name_key: str, company_keys: Sequence[str], limit: int) -> list[CatalogueItem]:
        wanted = set(company_keys)
        found = [
            item
            for item, maker, holder in self._names.get(name_key, ())
            if not wanted or maker in wanted or holder in wanted
        ]
        return found[:limit]


INFORMATIVE = 10  # other makers' listings shown when the product's maker lists nothing


def candidates(catalogue: Catalogue, keys: ProductKeys, limit: int = 200) -> list[CatalogueItem]:
    """Blocking: items sharing an exact key (批准文号, 医保代码/产品编码) or the name key with
    one of the product's companies; when none, items sharing the name key alone (at most
    `limit`, or INFORMATIVE when the product names a maker). Each item once, in the order
    found."""
    found: dict[tuple[str, str], CatalogueItem] = {}
    for item in [
        *catalogue.by_approvals(keys.approvals),
        *catalogue.by_codes(keys.codes),
        *(catalogue.by_name(keys.name_key, keys.company_keys, limit) if keys.company_keys else ()),
    ]:
        found.setdefault((item.province, item.catalogue_id), item)
    if not found and keys.name_key:
        # With a maker printed, items of other makers can only be rejected: a few are shown
        # for the person reading, not scored by the hundred.
        for item in catalogue.by_name(keys.name_key, (), INFORMATIVE if keys.company_keys else limit):
            found.setdefault((item.province, item.catalogue_id), item)
    return list(found.values())
