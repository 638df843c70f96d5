"""The keys that relate rulings to each other (a case number borne or cited, a patent, a
company), kept in the `ruling_keys` table beside each ruling so that the case page finds a
ruling's relatives by index lookups, not by reading every ruling.

A ruling's keys are derived from its current values (corrections applied, removed items left
out) and replaced in the same transaction whenever those change: when it is registered
(`store.rulings.add_ruling`) and when a correction is saved (`store.rulings._save`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from extract.identifiers.found import drop_spaces, fold_width
from extract.identifiers.patent_numbers import normalize_patent_number
from matching.companies import company_key
from store.desk_tables import RulingKey

KEY_CHARS = 200  # the column's width; longer keys are cut (no real name or number comes near)


class KeyKind(StrEnum):
    CASE = "case"  # a case number the ruling bears or cites as an earlier instance
    PATENT = "patent"  # a patent in suit, as `normalize_patent_number` prints it
    COMPANY = "company"  # a party or a product's maker, as `company_key` compares it


class Why(StrEnum):
    """Why a ruling is listed as related (shown on the case page)."""

    EARLIER = "前审"
    LATER = "后续审理或引用本案"
    PATENT = "同一专利"
    COMPANY = "涉及同一企业"
    SAME_NUMBER = "同一案号（可能为副本）"


@dataclass(frozen=True)
class Wanted:
    """One lookup of the case page: rulings holding (kind, key) are related for `why`."""

    kind: KeyKind
    key: str
    why: Why


def _clean(text: object) -> str:
    return str(text).strip()[:KEY_CHARS] if text else ""


def patent_key(number: str | None) -> str:
    """The comparison key of a patent number: its normal form when it is a valid one, else
    the printed number without spaces, in upper case ("" for none)."""
    if not number:
        return ""
    return _clean(normalize_patent_number(number) or drop_spaces(fold_width(number)).upper())


def _company(name: str | None) -> str:
    return _clean(company_key(name))


def ruling_keys(current: dict[str, Any]) -> set[tuple[KeyKind, str]]:
    """The keys a ruling with these current values is found by: its case number and the
    earlier instances it cites, its patents, and every company it names (parties and the
    makers of accused products)."""
    keys = {(KeyKind.CASE, _clean(n)) for n in [current.get("case_number"), *(current.get("prior_case_numbers") or [])]}
    keys |= {(KeyKind.PATENT, patent_key(p.get("number"))) for p in current.get("patents") or []}
    keys |= {(KeyKind.COMPANY, _company(p.get("name"))) for p in current.get("parties") or []}
    keys |= {(KeyKind.COMPANY, _company(p.get("manufacturer"))) for p in current.get("products") or []}
    return {(kind, key) for kind, key in keys if key}


def wanted(current: dict[str, Any]) -> list[Wanted]:
    """What the case page looks up for a ruling, in the order its relatives are listed:
    the earlier instances it cites, the rulings citing it (or bearing its number), the
    same patents, the same companies among its parties."""
    found = [Wanted(KeyKind.CASE, _clean(n), Why.EARLIER) for n in current.get("prior_case_numbers") or []]
    found.append(Wanted(KeyKind.CASE, _clean(current.get("case_number")), Why.LATER))
    found += [Wanted(KeyKind.PATENT, patent_key(p.get("number")), Why.PATENT) for p in current.get("patents") or []]
    # by the name's core: 某药业股份有限公司 is 某药业有限公司 renamed
    found += [Wanted(KeyKind.COMPANY, _company(p.get("name")), Why.COMPANY)
              for p in current.get("parties") or [] if p.get("kind") == "company"]
    return [w for w in found if w.key]


def key_rows(ruling_id: int, current: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """The `ruling_keys` rows of a ruling (for bulk inserts)."""
    return [{"ruling_id": ruling_id, "kind": str(kind), "key": key} for kind, key in sorted(ruling_keys(current))]


def store_keys(session: Session, ruling_id: int, current: dict[str, Any]) -> None:
    """Replace the stored keys of ruling `ruling_id` by those of `current` (in the caller's
    transaction, so the keys change together with the values they come from)."""
    session.execute(delete(RulingKey).where(RulingKey.ruling_id == ruling_id))
    session.add_all(RulingKey(**row) for row in key_rows(ruling_id, current))
