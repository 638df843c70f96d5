"""Documents of a case: draft → approved → issued, or withdrawn.

Every transition is one conditional UPDATE (`… WHERE state = 'draft'`), so two officers
clicking at once cannot approve or issue the same document twice: one wins, the other is
told the state changed. At approval the document number is allocated in the same
transaction, the DOCX is rendered once and its bytes are kept under their SHA-256; the
bytes downloaded later are those bytes, checked against the recorded hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from generate.documents import Plan
from store.audit import Actor, record
from store.desk_tables import DraftRecord, User, utcnow
from store.numbers import allocate_document_number
from store.sessions import writing

DOCUMENTS = "documents"

# (plan, allocator, today) -> (number, file name, DOCX bytes): generate's rendering, injected
Renderer = Callable[[Plan, Callable[[str, int], int], dt.date], tuple[str, str, bytes]]


class StateError(Exception):
    """The document is not in the state the transition needs; `str()` is shown."""


class FourEyesError(Exception):
    """The approver drafted the document."""


@dataclass(frozen=True)
class DraftView:
    id: int
    ruling_id: int | None  # the case it belongs to, or
    objection_id: int | None  # the objection (异议) it answers
    kind: str
    state: str
    values: dict
    enterprise: str
    catalogue_ids: tuple[str, ...]
    drafted_by: str
    drafted_by_id: int
    approved_by: str | None
    number: str | None
    filename: str | None
    docx_sha256: str | None
    drafted_at: dt.datetime
    approved_at: dt.datetime | None
    issued_at: dt.datetime | None

    @property
    def title(self) -> str:
        return str(self.values.get("title") or self.kind)

    def plan(self, prefix: str) -> Plan:
        return Plan(self.kind, prefix, dict(self.values), self.enterprise, self.catalogue_ids)


def document_path(home: Path, sha256: str) -> Path:
    return Path(home) / DOCUMENTS / sha256[:2] / f"{sha256}.docx"


def _names(session: Session, ids: set[int | None] | None = None) -> dict[int, str]:
    """User id -> username, of the users `ids` (all users when None)."""
    query = select(User.id, User.username)
    if ids is not None:
        query = query.where(User.id.in_([i for i in ids if i is not None]))
    return {user_id: name for user_id, name in session.execute(query)}


def _view(row: DraftRecord, names: dict[int, str]) -> DraftView:
    return DraftView(row.id, row.ruling_id, row.objection_id, row.kind, row.state, json.loads(row.plan_values), row.enterprise,
                     tuple(json.loads(row.catalogue_ids)), names.get(row.drafted_by, "?"), row.drafted_by,
                     names.get(row.approved_by) if row.approved_by else None, row.number, row.filename,
                     row.docx_sha256, row.drafted_at, row.approved_at, row.issued_at)


def add_drafts(engine: Engine, ruling_id: int | None, plans: Sequence[Plan], actor: Actor, *,
               objection_id: int | None = None) -> list[int]:
    """Store `plans` as new drafts of the ruling (or of the objection); drafts of it still
    unapproved are withdrawn (the new set replaces them). Returns the new ids."""
    owner = (DraftRecord.ruling_id == ruling_id) if ruling_id is not None else (DraftRecord.objection_id == objection_id)
    with writing(engine) as session:
        old = session.scalars(select(DraftRecord).where(owner, DraftRecord.state == "draft"))
        for row in old:
            row.state = "withdrawn"
            record(session, actor, "draft_withdrawn", f"draft:{row.id}", before={"state": "draft"},
                   after={"state": "withdrawn", "why": "replaced"})
        ids = []
        for plan in plans:
            row = DraftRecord(ruling_id=ruling_id, objection_id=objection_id, kind=plan.kind, prefix=plan.prefix,
                              plan_values=json.dumps(plan.values, ensure_ascii=False, default=str),
                              enterprise=plan.enterprise, catalogue_ids=json.dumps(list(plan.catalogue_ids)),
                              state="draft", drafted_by=actor.user_id, drafted_at=utcnow())
            session.add(row)
            session.flush()
            ids.append(row.id)
            record(session, actor, "draft_created", f"draft:{row.id}",
                   after={"ruling_id": ruling_id, "objection_id": objection_id, "kind": plan.kind})
        return ids


def drafts_of(engine: Engine, ruling_id: int | None = None, *, objection_id: int | None = None) -> list[DraftView]:
    """The documents of a ruling (or of an objection), oldest first."""
    owner = (DraftRecord.ruling_id == ruling_id) if ruling_id is not None else (DraftRecord.objection_id == objection_id)
    with Session(engine) as session:
        rows = list(session.scalars(select(DraftRecord).where(owner).order_by(DraftRecord.id)))
        if not rows:  # most rulings: no query of the users at all
            return []
        names = _names(session, {r.drafted_by for r in rows} | {r.approved_by for r in rows})
        return [_view(r, names) for r in rows]


def get_draft(engine: Engine, draft_id: int) -> tuple[DraftView, str] | None:
    """The draft and its 机关代字 (prefix)."""
    with Session(engine) as session:
        row = session.get(DraftRecord, draft_id)
        return (_view(row, _names(session)), row.prefix) if row else None


def edit_values(engine: Engine, draft_id: int, changes: dict[str, str], actor: Actor) -> int:
    """Change free-text values of a draft (only while a draft); returns how many changed."""
    with writing(engine) as session:
        row = session.get(DraftRecord, draft_id)
        if row is None or row.state != "draft":
            raise StateError("只有草稿可以修改")
        values = json.loads(row.plan_values)
        changed = {k: v for k, v in changes.items() if k in values and isinstance(values[k], str) and values[k] != v}
        if changed:
            record(session, actor, "draft_edited", f"draft:{draft_id}",
                   before={k: values[k] for k in changed}, after=changed)
            values.update(changed)
            row.plan_values = json.dumps(values, ensure_ascii=False)
        return len(changed)


def approve(engine: Engine, home: Path, draft_id: int, actor: Actor, render: Renderer, today: dt.date) -> DraftView:
    """draft → approved by `actor`, who must not be the drafter: number allocated, DOCX
    rendered and kept, its hash recorded, all in one transaction. StateError when the
    document is no longer a draft (e.g. another officer approved it first)."""
    with writing(engine) as session:
        row = session.get(DraftRecord, draft_id)
        if row is None:
            raise StateError("没有这份文书")
        if row.drafted_by == actor.user_id:
            raise FourEyesError("不能核准自己起草的文书（须由另一位审核员核准）")
        claimed = session.execute(update(DraftRecord).where(DraftRecord.id == draft_id, DraftRecord.state == "draft")
                                  .values(state="approved", approved_by=actor.user_id, approved_at=utcnow())).rowcount
        if claimed != 1:
            raise StateError("文书状态已改变（可能已被他人核准或撤回）")
        session.refresh(row)
        plan = Plan(row.kind, row.prefix, json.loads(row.plan_values), row.enterprise,
                    tuple(json.loads(row.catalogue_ids)))
        number, filename, content = render(plan, lambda prefix, year: allocate_document_number(session, prefix, year),
                                           today)
        sha256 = hashlib.sha256(content).hexdigest()
        path = document_path(home, sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        os.replace(partial, path)
        path.chmod(0o444)
        row.number, row.filename, row.docx_sha256 = number, filename, sha256
        record(session, actor, "draft_approved", f"draft:{draft_id}", before={"state": "draft"},
               after={"state": "approved", "number": number, "sha256": sha256})
        session.flush()
        return _view(row, _names(session))


def _move(engine: Engine, draft_id: int, actor: Actor, from_states: tuple[str, ...], to_state: str,
          **values: object) -> None:
    with writing(engine) as session:
        row = session.get(DraftRecord, draft_id)
        if row is None:
            raise StateError("没有这份文书")
        before = row.state
        moved = session.execute(update(DraftRecord)
                                .where(DraftRecord.id == draft_id, DraftRecord.state.in_(from_states))
                                .values(state=to_state, **values)).rowcount
        if moved != 1:
            raise StateError("文书状态已改变，不能执行此操作")
        record(session, actor, f"draft_{to_state}", f"draft:{draft_id}", before={"state": before},
               after={"state": to_state})


def issue(engine: Engine, draft_id: int, actor: Actor) -> None:
    """approved → issued (once: a second click, or a second officer, gets StateError)."""
    _move(engine, draft_id, actor, ("approved",), "issued", issued_by=actor.user_id, issued_at=utcnow())


def withdraw(engine: Engine, draft_id: int, actor: Actor) -> None:
    """draft or approved → withdrawn (an issued document cannot be withdrawn here)."""
    _move(engine, draft_id, actor, ("draft", "approved"), "withdrawn")


def approved_bytes(home: Path, view: DraftView) -> bytes:
    """The approved DOCX bytes, checked against the hash recorded at approval."""
    if view.state not in ("approved", "issued") or not view.docx_sha256:
        raise StateError("文书尚未核准")
    content = document_path(home, view.docx_sha256).read_bytes()
    if hashlib.sha256(content).hexdigest() != view.docx_sha256:
        raise StateError("文书文件与核准时的哈希不符")
    return content
