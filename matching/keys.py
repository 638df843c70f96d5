"""Blocking keys: the exact values under which candidates are looked up, computed once with
the same normalisers for catalogue items (at import) and accused products (at match)."""

from __future__ import annotations

from dataclasses import dataclass

from extract.identifiers.approval_numbers import approval_key
from matching.companies import alias_keys, company_key
from matching.model import CatalogueItem
from matching.names import name_key


@dataclass(frozen=True)
class ItemKeys:
    """The blocking keys of an item, computed by the matching stage."""

    name_key: str
    maker_key: str | None
    holder_key: str | None
    approvals: tuple[str, ...]  # normalised 批准文号
    version: str  # changes when the normalisers change, so re-imports refresh the keys


# Bump when a normaliser changes: re-importing a catalogue then refreshes stored keys.
KEYS_VERSION = "2"


def code_key(code: str) -> str:
    """An NHSA or platform code as compared: no whitespace, half-width, upper case."""
    return "".join(code.split()).upper().translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})


def item_keys(item: CatalogueItem) -> ItemKeys:
    """The keys stored beside a catalogue item."""
    return ItemKeys(
        name_key=name_key(item.name),
        maker_key=company_key(item.manufacturer),
        holder_key=company_key(item.holder),
        approvals=tuple(sorted({approval_key(a) for a in item.approval_numbers if a.strip()})),
        version=KEYS_VERSION,
    )


@dataclass(frozen=True)
class ProductKeys:
    """What an accused product is looked up by."""

    approvals: tuple[str, ...]  # approval_key of each 批准文号
    codes: tuple[str, ...]  # 医保代码 / platform codes
    name_key: str  # base of the generic name
    company_keys: tuple[str, ...]  # maker / accused party, with their known aliases


def product_keys(
    name: str, approvals: tuple[str, ...], codes: tuple[str, ...], companies: tuple[str | None, ...]
) -> ProductKeys:
    """The keys of an accused product from its printed fields."""
    keys: set[str] = set()
    for company in companies:
        key = company_key(company)
        if key:
            keys.add(key)
            keys.update(alias_keys(key))
    return ProductKeys(
        approvals=tuple(sorted({approval_key(a) for a in approvals if a.strip()})),
        codes=tuple(sorted({code_key(c) for c in codes if c.strip()})),
        name_key=name_key(name),
        company_keys=tuple(sorted(keys)),
    )
