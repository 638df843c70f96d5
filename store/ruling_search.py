"""Finding registered rulings: every word must occur (any substring, so 利伐沙班 finds
利伐沙班片) in the ruling's fields as extracted or as corrected, with filters; newest
decisions first. A plain scan of the database (LIKE), fine for a desk's thousands of
rulings; the ranked full-text index of issue 5 (tantivy) is not built yet."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from store.csv_export import csv_text
from store.desk_tables import Correction, RulingKey, RulingRecord, StoredFile
from store.ruling_fields import apply_corrections, current_of
from store.ruling_keys import Why, wanted

SNIPPET_CHARS = 24  # characters shown on each side of a hit


@dataclass(frozen=True)
class Filters:
    document_type: str | None = None
    year: int | None = None  # of the decision date
    effective: bool | None = None
    authority: str | None = None  # part of the authority's name
    case_number: str | None = None  # the whole case number


@dataclass(frozen=True)
class Hit:
    id: int
    case_number: str | None
    document_type: str | None
    authority: str | None
    decision_date: str | None
    effective: bool | None
    filename: str
    snippets: tuple[tuple[str, str, str], ...]  # (before, hit, after)


def searchable_text(ruling: dict) -> str:
    """The words of a ruling a person searches by, one field a line."""
    lines = [ruling.get("case_number") or "", (ruling.get("authority") or {}).get("name") or "",
             ruling.get("cause") or "", *(ruling.get("prior_case_numbers") or [])]
    for party in ruling.get("parties") or []:
        lines += [party.get("name") or "", party.get("uscc") or ""]
    for patent in ruling.get("patents") or []:
        lines += [patent.get("number") or "", patent.get("title") or ""]
    for product in ruling.get("products") or []:
        lines += [product.get("name") or "", product.get("manufacturer") or "", *(product.get("approval_numbers") or [])]
    lines.append((ruling.get("outcome") or {}).get("operative_text") or "")
    return "\n".join(line for line in lines if line)


def snippets(text: str, words: Sequence[str], limit: int = 3) -> tuple[tuple[str, str, str], ...]:
    """Up to `limit` places where a word occurs, with some context on each side."""
    found = []
    for word in words:
        start = text.find(word)
        if start < 0:
            continue
        end = start + len(word)
        before = text[max(0, start - SNIPPET_CHARS):start].split("\n")[-1]
        after = text[end:end + SNIPPET_CHARS].split("\n")[0]
        found.append((before, text[start:end], after))
    return tuple(found[:limit])


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_rulings(engine: Engine, words: Sequence[str], filters: Filters = Filters(), *, sort: str = "date",
                   limit: int = 20, offset: int = 0) -> tuple[list[Hit], int]:
    """The rulings that contain every word and pass the filters, and how many there are."""
    query = select(RulingRecord, StoredFile.filename).join(StoredFile, StoredFile.sha256 == RulingRecord.sha256)
    for word in words:
        pattern = f"%{_escape(word)}%"
        corrected = exists().where(and_(Correction.ruling_id == RulingRecord.id,
                                        Correction.value.like(pattern, escape="\\")))
        query = query.where(or_(RulingRecord.extracted.like(pattern, escape="\\"), corrected))
    if filters.document_type:
        query = query.where(RulingRecord.document_type == filters.document_type)
    if filters.year:
        query = query.where(RulingRecord.decision_date.like(f"{int(filters.year)}-%"))
    if filters.effective is not None:
        query = query.where(RulingRecord.effective.is_(filters.effective))
    if filters.authority:
        query = query.where(RulingRecord.authority.like(f"%{_escape(filters.authority)}%", escape="\\"))
    if filters.case_number:
        query = query.where(RulingRecord.case_number == filters.case_number.strip())
    order = ((RulingRecord.decision_date.desc(), RulingRecord.id.desc()) if sort == "date"
             else (RulingRecord.case_number, RulingRecord.id))
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(query.order_by(*order).limit(limit).offset(offset)).all()
        hits = []
        for row, filename in rows:
            corrections = session.scalars(select(Correction).where(Correction.ruling_id == row.id)
                                          .order_by(Correction.id))
            current = current_of(apply_corrections(json.loads(row.extracted),
                                                   [(c.field, json.loads(c.value)) for c in corrections]))
            hits.append(Hit(row.id, row.case_number, row.document_type, row.authority, row.decision_date,
                            row.effective, filename, snippets(searchable_text(current), words)))
    return hits, total


def hits_csv(hits: Sequence[Hit]) -> str:
    """The hits as CSV for export; cells safe to open in a spreadsheet (`store.csv_export`)."""
    return csv_text(["案号", "文书类型", "作出机关", "作出日期", "是否生效", "文件"],
                    ([hit.case_number or "", hit.document_type or "", hit.authority or "", hit.decision_date or "",
                      "" if hit.effective is None else ("是" if hit.effective else "否"), hit.filename]
                     for hit in hits))


@dataclass(frozen=True)
class Related:
    hit: Hit  # without snippets: the case page lists number, authority and date
    why: str  # a store.ruling_keys.Why


@functools.cache  # built once per limit: constructing the statement costs more than running it
def _related_query(limit: int) -> Select:
    """Per (kind, key) among `:kinds` × `:keys`, the newest `limit` other rulings holding it: one
    statement, the summary columns only (never the stored reading)."""
    newest = func.row_number().over(partition_by=(RulingKey.kind, RulingKey.key),
                                    order_by=(RulingRecord.decision_date.desc(), RulingRecord.id.desc()))
    ranked = (select(RulingKey.kind, RulingKey.key, RulingRecord.id, RulingRecord.case_number,
                     RulingRecord.document_type, RulingRecord.authority, RulingRecord.decision_date,
                     RulingRecord.effective, StoredFile.filename, newest.label("newest"))
              .join(RulingRecord, RulingRecord.id == RulingKey.ruling_id)
              .join(StoredFile, StoredFile.sha256 == RulingRecord.sha256)
              # both columns of ix_ruling_keys_kind_key, or the index is not used (a scan of every key)
              .where(RulingKey.kind.in_(bindparam("kinds", expanding=True)),
                     RulingKey.key.in_(bindparam("keys", expanding=True)), RulingRecord.id != bindparam("ruling_id"))
              .subquery())
    return select(ranked).where(ranked.c.newest <= limit).order_by(ranked.c.newest)


def related_rulings(engine: Engine, ruling_id: int, current: dict, limit: int = 20) -> list[Related]:
    """Other rulings on the same patent, naming one of the same companies (however its legal
    form or （中国） is printed), or earlier or later instances of the same case (one naming
    the other's case number); for each, the newest decisions first, at most `limit` in all.
    Looked up in the `ruling_keys` index (`store.ruling_keys`), not by reading every ruling."""
    wants = wanted(current)
    if not wants:
        return []
    holding: dict[tuple[str, str], list[Hit]] = {}
    with Session(engine) as session:
        rows = session.execute(_related_query(limit), {"kinds": sorted({str(w.kind) for w in wants}),
                                                            "keys": sorted({w.key for w in wants}), "ruling_id": ruling_id})
        for kind, key, *columns, filename, _ in rows:
            holding.setdefault((kind, key), []).append(Hit(*columns, filename, ()))
    found: dict[int, Related] = {}
    for want in wants:
        for hit in holding.get((want.kind, want.key), []):
            if hit.id not in found:
                same = hit.case_number is not None and hit.case_number == current.get("case_number")
                found[hit.id] = Related(hit, Why.SAME_NUMBER if same else want.why)
    return list(found.values())[:limit]
