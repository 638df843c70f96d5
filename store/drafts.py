"""Documents of a case: draft → approved → issued, or withdrawn.

Every transition is one conditional UPDATE (`… WHERE state = 'draft'`), so two officers
clicking at once cannot approve or issue the same document twice: one wins, the other is
told the state changed. At approval the document number is allocated in the same
transaction, the DOCX is rendered once and its bytes are kept under their SHA-256; the
bytes downloaded later are those bytes, checked against the recorded hash.

Four eyes by construction: a draft's values are versions that never change (each edit adds
one, `draft_versions`); approval names the content hash of the version the officer saw and
is refused unless it is still the newest; nobody who made any version approves.

One live document per (ruling or objection, kind, catalogue item): a live document holds
its `document_claims` rows, unique in the database, released when it is withdrawn or
replaced; drafting again replaces the drafts not yet approved and refuses a plan whose
item already has an approved or issued document of that kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generate.documents import Plan
from store.audit import Actor, record
from store.desk_tables import DocumentClaim, DraftRecord, DraftVersion, User, utcnow
from store.numbers import allocate_document_number
from store.sessions import writing

DOCUMENTS = "documents"

# (plan, allocator, today) -> (number, file name, DOCX bytes): generate's rendering, injected
Renderer = Callable[[Plan, Callable[[str, int], int], dt.date], tuple[str, str, bytes]]


class StateError(Exception):
    """The document is not in the state the transition needs; `str()` is shown."""


class FourEyesError(Exception):
    """The approver drafted or edited a version of the document; `str()` is shown."""


class StaleVersionError(StateError):
    """The version the approver (or editor) saw is no longer the newest; `str()` is shown."""


FOUR_EYES = "不能核准自己起草或修改过的文书（须由未参与起草和修改的另一位审核员核准）"
STALE = "您看到的版本已不是最新版本（此后草稿被修改过），请查看最新版本后再核准"
STALE_EDIT = "草稿在您打开后已被他人修改，您的修改未保存；请查看最新版本后再修改"
NO_VERSION = "核准须注明所核的版本（请在文书页面核准）"
CONCURRENT = "另一人同时起草了本案的文书，请刷新后再试"
# The default of the desk's NEW_OFFICER_HOURS: an approval by an account created, re-enabled
# or given its role less than this long ago is flagged.
NEW_OFFICER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Drafted:
    """What `add_drafts` did: the new drafts, and why the other plans were not drafted."""

    ids: tuple[int, ...]
    refused: tuple[str, ...]  # one Chinese sentence per plan refused


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
    version: str  # content hash of the newest version: what the approve form sends back
    version_number: int  # how many versions there are (1 until someone edits)
    authors: tuple[str, ...]  # who made any version, by name, first first
    author_ids: frozenset[int]  # … by id: none of them may approve
    approver_new_since: dt.datetime | None  # set when the approver's account was new in its role

    @property
    def title(self) -> str:
        return str(self.values.get("title") or self.kind)

    def plan(self, prefix: str) -> Plan:
        return Plan(self.kind, prefix, dict(self.values), self.enterprise, self.catalogue_ids)


def document_path(home: Path, sha256: str) -> Path:
    return Path(home) / DOCUMENTS / sha256[:2] / f"{sha256}.docx"


def version_hash(kind: str, prefix: str, enterprise: str, catalogue_ids: Sequence[str], values: dict) -> str:
    """The SHA-256 of a version's content (everything the DOCX is rendered from but the
    number and date), over canonical JSON: equal content, equal hash."""
    content = {"kind": kind, "prefix": prefix, "enterprise": enterprise, "catalogue_ids": list(catalogue_ids),
               "values": values}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def claims_of(ruling_id: int | None, objection_id: int | None, kind: str,
              catalogue_ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """The (owner, kind, item) keys a live document holds: one per catalogue item, or one
    with item "" for a document about the case as a whole (a copy letter without items)."""
    owner = f"ruling:{ruling_id}" if ruling_id is not None else f"objection:{objection_id}"
    return [(owner, kind, item) for item in (dict.fromkeys(catalogue_ids) or {"": None})]


def _names(session: Session, ids: set[int | None] | None = None) -> dict[int, str]:
    """User id -> username, of the users `ids` (all users when None)."""
    query = select(User.id, User.username)
    if ids is not None:
        query = query.where(User.id.in_([i for i in ids if i is not None]))
    return {user_id: name for user_id, name in session.execute(query)}


def _authors(session: Session, draft_ids: Sequence[int]) -> dict[int, tuple[list[int], int]]:
    """draft id -> (the ids of who made its versions, in order, without repeats; version count)."""
    found: dict[int, tuple[list[int], int]] = {}
    rows = session.execute(select(DraftVersion.draft_id, DraftVersion.made_by)
                           .where(DraftVersion.draft_id.in_(draft_ids)).order_by(DraftVersion.number))
    for draft_id, made_by in rows:
        people, count = found.get(draft_id, ([], 0))
        if made_by not in people:
            people.append(made_by)
        found[draft_id] = (people, count + 1)
    return found


def _view(row: DraftRecord, names: dict[int, str], authors: tuple[list[int], int]) -> DraftView:
    people, count = authors
    return DraftView(row.id, row.ruling_id, row.objection_id, row.kind, row.state, json.loads(row.plan_values), row.enterprise,
                     tuple(json.loads(row.catalogue_ids)), names.get(row.drafted_by, "?"), row.drafted_by,
                     names.get(row.approved_by) if row.approved_by else None, row.number, row.filename,
                     row.docx_sha256, row.drafted_at, row.approved_at, row.issued_at, row.version or "", count,
                     tuple(names.get(p, "?") for p in people), frozenset(people), row.approver_new_since)


def _views(session: Session, rows: Sequence[DraftRecord]) -> list[DraftView]:
    if not rows:  # most rulings: no query of the users at all
        return []
    authors = _authors(session, [r.id for r in rows])
    people = {r.drafted_by for r in rows} | {r.approved_by for r in rows}
    names = _names(session, people | {who for made, _ in authors.values() for who in made})
    return [_view(r, names, authors.get(r.id, ([r.drafted_by], 1))) for r in rows]


def add_drafts(engine: Engine, ruling_id: int | None, plans: Sequence[Plan], actor: Actor, *,
               objection_id: int | None = None) -> Drafted:
    """Store `plans` as new drafts of the ruling (or of the objection). Its drafts not yet
    approved are withdrawn (the new set replaces them); a plan for an item that already has
    an approved or issued document of its kind is not drafted, and `refused` says why
    (withdrawing that document is the way to redo it). StateError when someone else drafted
    for the same case at the same moment (the claims' unique constraint caught it)."""
    owner = (DraftRecord.ruling_id == ruling_id) if ruling_id is not None else (DraftRecord.objection_id == objection_id)
    try:
        with writing(engine) as session:
            old = session.scalars(select(DraftRecord).where(owner, DraftRecord.state == "draft"))
            for row in old:
                row.state = "withdrawn"
                session.execute(delete(DocumentClaim).where(DocumentClaim.draft_id == row.id))
                record(session, actor, "draft_withdrawn", f"draft:{row.id}", before={"state": "draft"},
                       after={"state": "withdrawn", "why": "replaced"})
            session.flush()
            ids, refused = [], []
            for plan in plans:
                keys = claims_of(ruling_id, objection_id, plan.kind, plan.catalogue_ids)
                holder = _live_holder(session, keys)
                if holder is not None and holder[0].id in ids:  # two plans of this set claim one item
                    refused.append(f"未起草：目录编号 {holder[1]} 已在本次起草的另一份同类文书中")
                    continue
                if holder is not None and holder[0].state == "draft":
                    # a draft we did not replace: another drafting committed after our replacement step
                    raise StateError(CONCURRENT)
                if holder is not None:
                    refused.append(_refusal(holder))
                    continue
                stored = json.dumps(plan.values, ensure_ascii=False, default=str)
                sha = version_hash(plan.kind, plan.prefix, plan.enterprise, plan.catalogue_ids, json.loads(stored))
                row = DraftRecord(ruling_id=ruling_id, objection_id=objection_id, kind=plan.kind, prefix=plan.prefix,
                                  plan_values=stored, enterprise=plan.enterprise,
                                  catalogue_ids=json.dumps(list(plan.catalogue_ids)), state="draft",
                                  drafted_by=actor.user_id, drafted_at=utcnow(), version=sha)
                session.add(row)
                session.flush()
                session.add(DraftVersion(draft_id=row.id, number=1, plan_values=stored, sha256=sha,
                                         made_by=actor.user_id, made_at=row.drafted_at))
                session.add_all(DocumentClaim(owner=o, kind=k, item=i, draft_id=row.id) for o, k, i in keys)
                session.flush()
                ids.append(row.id)
                record(session, actor, "draft_created", f"draft:{row.id}",
                       after={"ruling_id": ruling_id, "objection_id": objection_id, "kind": plan.kind,
                              "version": sha})
            return Drafted(tuple(ids), tuple(refused))
    except IntegrityError as err:  # a concurrent drafting claimed the same (owner, kind, item) first
        raise StateError(CONCURRENT) from err


def _live_holder(session: Session, keys: Sequence[tuple[str, str, str]]) -> tuple[DraftRecord, str] | None:
    """The live document already holding one of `keys`, with that key's item; None when free."""
    for owner, kind, item in keys:
        claim = session.scalar(select(DocumentClaim).where(DocumentClaim.owner == owner, DocumentClaim.kind == kind,
                                                           DocumentClaim.item == item))
        if claim is not None:
            return session.get(DraftRecord, claim.draft_id), item
    return None


def _refusal(holder: tuple[DraftRecord, str]) -> str:
    """Why a plan was not drafted: the approved or issued document holding its item."""
    row, item = holder
    title = json.loads(row.plan_values).get("title") or row.kind
    what = f"目录编号 {item}" if item else "本案"
    if row.state == "issued":
        return f"未起草：{what}已有已印发的同类文书《{title}》（{row.number}），不能再起草第二份"
    return (f"未起草：{what}已有已核准的同类文书《{title}》（{row.number}）；"
            "如需重新起草，请先撤回该文书")
def drafts_of(engine: Engine, ruling_id: int | None = None, *, objection_id: int | None = None) -> list[DraftView]:
    """The documents of a ruling (or of an objection), oldest first."""
    owner = (DraftRecord.ruling_id == ruling_id) if ruling_id is not None else (DraftRecord.objection_id == objection_id)
    with Session(engine) as session:
        return _views(session, list(session.scalars(select(DraftRecord).where(owner).order_by(DraftRecord.id))))


def get_draft(engine: Engine, draft_id: int) -> tuple[DraftView, str] | None:
    """The draft and its 机关代字 (prefix)."""
    with Session(engine) as session:
        row = session.get(DraftRecord, draft_id)
        return (_views(session, [row])[0], row.prefix) if row else None


def edit_values(engine: Engine, draft_id: int, changes: dict[str, str], actor: Actor, *,
                based_on: str | None = None) -> int:
    """Change free-text values of a draft (only while a draft) by adding a version; returns
    how many values changed. `based_on`, the hash of the version the editor saw, when
    given must still be the newest (StaleVersionError otherwise: nobody's edit is lost)."""
    with writing(engine) as session:
        row = session.get(DraftRecord, draft_id)
        if row is None or row.state != "draft":
            raise StateError("只有草稿可以修改")
        if based_on is not None and based_on != row.version:
            raise StaleVersionError(STALE_EDIT)
        values = json.loads(row.plan_values)
        changed = {k: v for k, v in changes.items() if k in values and isinstance(values[k], str) and values[k] != v}
        if not changed:
            return 0
        before = {k: values[k] for k in changed}
        values.update(changed)
        stored = json.dumps(values, ensure_ascii=False)
        sha = version_hash(row.kind, row.prefix, row.enterprise, json.loads(row.catalogue_ids), values)
        # conditional on the version read above: an edit or approval in between wins, this one is refused
        moved = session.execute(update(DraftRecord)
                                .where(DraftRecord.id == draft_id, DraftRecord.state == "draft",
                                       DraftRecord.version == row.version)
                                .values(plan_values=stored, version=sha)).rowcount
        if moved != 1:
            raise StaleVersionError(STALE_EDIT)
        number = session.scalar(select(DraftVersion.number).where(DraftVersion.draft_id == draft_id)
                                .order_by(DraftVersion.number.desc()).limit(1)) or 0
        session.add(DraftVersion(draft_id=draft_id, number=number + 1, plan_values=stored, sha256=sha,
                                 made_by=actor.user_id, made_at=utcnow()))
        record(session, actor, "draft_edited", f"draft:{draft_id}", before=before,
               after={**changed, "version": sha})
        return len(changed)


def approve(engine: Engine, home: Path, draft_id: int, actor: Actor, render: Renderer, today: dt.date, *,
            seen: str | None, new_officer: dt.timedelta = NEW_OFFICER, now: dt.datetime | None = None) -> DraftView:
    """draft → approved by `actor`: number allocated, DOCX rendered from the version `seen`
    (its content hash, as the draft page showed it) and kept, its hash recorded, all in
    one transaction. FourEyesError when `actor` made any version of the draft;
    StaleVersionError when `seen` is missing or not the newest version; StateError when the
    document is no longer a draft (e.g. another officer approved it first). When the
    approver's account got its role (User.role_since: created, re-enabled or role granted)
    less than `new_officer` before `now`, the approval is flagged on the document and in
    its audit row."""
    if not seen:
        raise StaleVersionError(NO_VERSION)
    now = now or utcnow()
    with writing(engine) as session:
        row = session.get(DraftRecord, draft_id)
        if row is None:
            raise StateError("没有这份文书")
        made_by = set(session.scalars(select(DraftVersion.made_by).where(DraftVersion.draft_id == draft_id)))
        if actor.user_id in made_by | {row.drafted_by}:
            raise FourEyesError(FOUR_EYES)
        if row.state == "draft" and row.version != seen:
            raise StaleVersionError(STALE)
        approver = session.get(User, actor.user_id) if actor.user_id is not None else None
        since = _aware(approver.role_since) if approver is not None and approver.role_since else None
        flagged = since if since is not None and now - since < new_officer else None
        # conditional on state and version: a concurrent approval, withdrawal or edit wins
        claimed = session.execute(update(DraftRecord)
                                  .where(DraftRecord.id == draft_id, DraftRecord.state == "draft",
                                         DraftRecord.version == seen)
                                  .values(state="approved", approved_by=actor.user_id, approved_at=now,
                                          approved_version=seen, approver_new_since=flagged)).rowcount
        if claimed != 1:
            session.expire(row)
            if row.state == "draft":
                raise StaleVersionError(STALE)
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
        after: dict[str, object] = {"state": "approved", "number": number, "sha256": sha256, "version": seen}
        if flagged is not None:
            after["new_officer_since"] = flagged.isoformat()
        record(session, actor, "draft_approved", f"draft:{draft_id}", before={"state": "draft"}, after=after)
        session.flush()
        return _views(session, [row])[0]


def _aware(moment: dt.datetime) -> dt.datetime:
    """Naive time stamps are UTC (SQLite keeps no zone; the desk writes UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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
        if to_state == "withdrawn":  # its (owner, kind, item) may be drafted again
            session.execute(delete(DocumentClaim).where(DocumentClaim.draft_id == draft_id))
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
