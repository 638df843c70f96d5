"""Registered rulings: the uploaded originals (kept unaltered under their SHA-256 in the data
folder), the extractor's reading of each, and the clerks' corrections on top of it."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from extract.jsonout import ruling_from_json
from extract.model import Ruling
from generate.guards import ruling_holds
from store.audit import Actor, record
from store.desk_tables import Correction, RulingRecord, StoredFile, User, utcnow
from store.ruling_fields import (
    ITEM_LISTS,
    REMOVED,
    FieldError,
    apply_corrections,
    correction_paths,
    current_of,
    get_path,
    is_removed,
    parse_value,
)
from store.ruling_keys import store_keys
from store.search_index import ruling_saved
from store.sessions import writing

ORIGINALS = "originals"


def original_path(home: Path, sha256: str, kind: str) -> Path:
    """Where the original with this hash is kept: `originals/ab/ab12…ef.pdf`."""
    return Path(home) / ORIGINALS / sha256[:2] / f"{sha256}.{kind}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_original(home: Path, source: Path, sha256: str, kind: str) -> Path:
    """Move `source` to its place under `originals/` (atomically, read-only) unless the same
    bytes are already kept; returns the kept path. `source` is gone afterwards."""
    target = original_path(home, sha256, kind)
    if target.exists():
        source.unlink(missing_ok=True)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    target.chmod(0o444)
    return target


def find_file(engine: Engine, sha256: str) -> StoredFile | None:
    with Session(engine) as session:
        return session.get(StoredFile, sha256)


@dataclass(frozen=True)
class RulingView:
    """A ruling as the desk shows it."""

    id: int
    sha256: str
    kind: str  # "pdf" | "docx"
    filename: str
    extracted: dict[str, Any]  # the extractor's reading, as stored
    current: dict[str, Any]  # with the corrections applied, removed parties and products left out
    corrected: dict[str, tuple[str, str]]  # field -> (who, when) of the correction in force;
    # an added item under its path (`products[3]`), a removal under `products[3].removed`
    possible_copy_of: int | None
    # the corrections applied with every item in its place: the clerks' additions after the
    # extractor's items, removed ones marked `"removed": true`; correction paths count in it
    full: dict[str, Any]
    needs_review: str | None = None  # the guards' reasons for the ruling as a whole, as stored

    @property
    def ruling(self) -> Ruling:
        """The current values as the pipeline's Ruling."""
        return ruling_from_json(self.current)


@dataclass(frozen=True)
class RulingRow:
    """A line of the case list."""

    id: int
    case_number: str | None
    document_type: str | None
    authority: str | None
    decision_date: str | None
    effective: bool | None
    filename: str
    possible_copy_of: int | None
    needs_review: str | None = None  # the guards' reasons, one per line


def summary_columns(current: dict[str, Any]) -> dict[str, Any]:
    """The summary columns of `rulings` (column name -> value) for these current values."""
    return {"case_number": current.get("case_number"), "document_type": current.get("document_type"),
            "authority": get_path(current, "authority.name"), "decision_date": current.get("decision_date"),
            "effective": current.get("effective"), "needs_review": needs_review(current)}


def _summary(record_: RulingRecord, current: dict[str, Any]) -> None:
    for column, value in summary_columns(current).items():
        setattr(record_, column, value)


def needs_review(current: dict[str, Any]) -> str | None:
    """The precision guards' reasons for the ruling as a whole (one per line), or None."""
    try:
        holds = ruling_holds(ruling_from_json(current))
    except (KeyError, TypeError, ValueError):
        return "文书内容无法读回，请人工核对"
    return "\n".join(dict.fromkeys(h.why for h in holds)) or None


def _same_case(session: Session, case_number: str | None, sha256: str) -> int | None:
    if not case_number:
        return None
    return session.scalar(
        select(RulingRecord.id)
        .where(RulingRecord.case_number == case_number, RulingRecord.sha256 != sha256)
        .order_by(RulingRecord.id)
        .limit(1)
    )


def add_ruling(session: Session, sha256: str, extracted: dict[str, Any], actor: Actor) -> RulingRecord:
    """Register the extractor's reading of the stored file `sha256` (in the caller's
    transaction). A ruling with the same case number from another file is flagged."""
    row = RulingRecord(
        sha256=sha256, extracted=json.dumps(extracted, ensure_ascii=False), created_at=utcnow()
    )
    _summary(row, extracted)
    row.possible_copy_of = _same_case(session, row.case_number, sha256)
    session.add(row)
    session.flush()
    store_keys(session, row.id, extracted)
    record(
        session,
        actor,
        "ruling_registered",
        f"ruling:{row.id}",
        after={"case_number": row.case_number, "sha256": sha256, "possible_copy_of": row.possible_copy_of},
    )
    return row


def _corrections(session: Session, ruling_id: int) -> list[tuple[Correction, str]]:
    query = (
        select(Correction, User.username)
        .join(User, User.id == Correction.user_id)
        .where(Correction.ruling_id == ruling_id)
        .order_by(Correction.id)
    )
    return [(c, name) for c, name in session.execute(query)]


def get_ruling(engine: Engine, ruling_id: int) -> RulingView | None:
    with Session(engine) as session:
        row = session.get(RulingRecord, ruling_id)
        if row is None:
            return None
        stored = session.get(StoredFile, row.sha256)
        extracted = json.loads(row.extracted)
        corrections = _corrections(session, ruling_id)
        full = apply_corrections(extracted, [(c.field, json.loads(c.value)) for c, _ in corrections])
        paths = correction_paths(extracted, [c.field for c, _ in corrections])
        corrected = {
            path: (name, c.at.strftime("%Y-%m-%d %H:%M"))
            for path, (c, name) in zip(paths, corrections, strict=True)
        }
        return RulingView(
            row.id,
            row.sha256,
            stored.kind if stored else "pdf",
            stored.filename if stored else "",
            extracted,
            current_of(full),
            corrected,
            row.possible_copy_of,
            full,
            row.needs_review,
        )


def ruling_id_for_file(engine: Engine, sha256: str) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(RulingRecord.id).where(RulingRecord.sha256 == sha256))


def list_rulings(engine: Engine, *, limit: int = 50, offset: int = 0) -> tuple[list[RulingRow], int]:
    """The rulings a person must look at first (the guards hold them), then the newest
    first; and how many there are in all."""
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(RulingRecord)) or 0
        query = (
            select(RulingRecord, StoredFile.filename)
            .join(StoredFile, StoredFile.sha256 == RulingRecord.sha256)
            .order_by(RulingRecord.needs_review.is_(None), RulingRecord.id.desc())
            .limit(limit)
            .offset(offset)
        )
        rows = [
            RulingRow(
                r.id,
                r.case_number,
                r.document_type,
                r.authority,
                r.decision_date,
                r.effective,
                name,
                r.possible_copy_of,
                r.needs_review,
            )
            for r, name in session.execute(query)
        ]
        return rows, total


def correct_field(engine: Engine, ruling_id: int, path: str, typed: str, actor: Actor) -> bool:
    """Save the clerk's value for `path` (the extractor's value stays in `extracted`).
    False when the value equals the current one (nothing saved). FieldError when the field
    is not editable or the value does not fit; the whole ruling must still read back.
    Paths count items as `RulingView.full` does (removed items keep their place)."""
    value = parse_value(path, typed)
    view = _view(engine, ruling_id)
    before = get_path(view.full, path)
    if before == value or (before in (None, []) and value in (None, [])):
        return False
    if get_path(view.full, path.rsplit(".", 1)[0]) is None and "." in path and "[" in path:
        raise FieldError(f"字段不存在：{path}")
    _save(engine, view, path, value, actor, "correction", before={path: before}, after={path: value})
    return True


def add_item(engine: Engine, ruling_id: int, key: str, item: dict[str, Any], actor: Actor) -> int:
    """Save a party or accused product the clerk adds (`key` "parties" | "products"; the
    item from `new_party` / `new_product`) as a correction `key[+]`; audited as
    `item_added`. Returns the item's place in `RulingView.full` (`products[3]`)."""
    if key not in ITEM_LISTS:
        raise FieldError(f"不能添加到：{key}")
    view = _view(engine, ruling_id)
    index = len(view.full.get(key) or [])
    _save(engine, view, f"{key}[+]", item, actor, "item_added", after={f"{key}[{index}]": item})
    return index


def set_removed(engine: Engine, ruling_id: int, key: str, index: int, removed: bool, actor: Actor) -> bool:
    """Mark `key[index]` removed (or restore it: `removed` False) as a correction
    `key[index].removed`; the item itself stays, also in `extracted`. Audited as
    `item_removed` / `item_restored`. False when it is already so (nothing saved);
    FieldError when there is no such item."""
    view = _view(engine, ruling_id)
    item = get_path(view.full, f"{key}[{index}]") if key in ITEM_LISTS else None
    if not isinstance(item, dict):
        raise FieldError(f"没有这一项：{ITEM_LISTS.get(key, key)} 第 {index + 1} 项")
    if is_removed(view.full, key, index) == removed:
        return False
    path = f"{key}[{index}].{REMOVED}"
    _save(engine, view, path, removed, actor, "item_removed" if removed else "item_restored",
          before={path: not removed, "name": item.get("name")}, after={path: removed})
    return True


def _view(engine: Engine, ruling_id: int) -> RulingView:
    view = get_ruling(engine, ruling_id)
    if view is None:
        raise FieldError("没有这个裁决")
    return view


def _save(engine: Engine, view: RulingView, field: str, value: Any, actor: Actor, action: str,
          before: object = None, after: object = None) -> None:
    """Store one correction of `view`'s ruling with its audit entry, after checking that the
    ruling still reads back with it; the summary columns, the keys of related rulings
    (`store.ruling_keys`) and the search index follow."""
    current = current_of(apply_corrections(view.full, [(field, value)]))
    try:
        ruling_from_json(current)
    except (KeyError, TypeError, ValueError) as err:
        raise FieldError(f"修改后无法读回：{err}") from None
    with writing(engine) as session:
        session.add(
            Correction(
                ruling_id=view.id,
                field=field,
                value=json.dumps(value, ensure_ascii=False),
                user_id=actor.user_id,
                at=utcnow(),
            )
        )
        row = session.get(RulingRecord, view.id)
        assert row is not None
        _summary(row, current)
        if field == "case_number":
            row.possible_copy_of = _same_case(session, row.case_number, row.sha256)
        store_keys(session, view.id, current)
        record(session, actor, action, f"ruling:{view.id}", before=before, after=after)
    ruling_saved(engine, view.id)


def all_rulings(engine: Engine) -> list[RulingView]:
    """Every registered ruling with its current values (for desk-sized overviews)."""
    with Session(engine) as session:
        ids = list(session.scalars(select(RulingRecord.id).order_by(RulingRecord.id)))
    return [view for view in (get_ruling(engine, i) for i in ids) if view is not None]
