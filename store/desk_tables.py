"""The web desk's tables: accounts, login sessions, stored originals, ingestion jobs,
rulings with their corrections, catalogue uploads, and the append-only audit log.

Created by the Alembic revisions `0003_desk`, `0005_catalogue_uploads`, `0008_four_eyes`
(draft versions, live-document claims, users.role_since) and `0009_ruling_keys`. The rest of the
schema is in `store/tables.py`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.tables import Base

ROLES = ("clerk", "officer", "archivist", "administrator")
JOB_STATES = ("queued", "reading", "done", "failed", "duplicate")
UPLOAD_STATES = ("queued", "importing", "done", "failed")


def utcnow() -> dt.datetime:
    """The time stamps of the desk: timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class User(Base):
    """A person who signs in to the desk."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # one of ROLES
    password_hash: Mapped[str] = mapped_column(String(300))  # werkzeug.security
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Someone else chose the password (account created, password reset): the owner changes
    # it before anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # when the account last became able to act in its role: created, re-enabled or given the
    # role. An approval soon after is flagged (an administrator could make an officer and
    # approve with it alone).
    role_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A signed-in browser. The cookie holds only `token`; logout ends the row, so a copied
    cookie stops working too."""

    __tablename__ = "login_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class StoredFile(Base):
    """An uploaded original, kept unaltered under its SHA-256 in the data folder."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "pdf" | "docx", judged from the bytes
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))  # name at the first upload
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestJob(Base):
    """One uploaded file on its way to a ruling: queued → reading → done | failed, or
    `duplicate` at once when the same bytes were stored before."""

    __tablename__ = "ingest_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), index=True)
    filename: Mapped[str] = mapped_column(String(300))  # as uploaded this time
    state: Mapped[str] = mapped_column(String(12), index=True)  # one of JOB_STATES
    reason: Mapped[str | None] = mapped_column(String(400))  # one line, for failed / duplicate
    ruling_id: Mapped[int | None] = mapped_column(ForeignKey("rulings.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CatalogueUpload(Base):
    """A catalogue file an administrator uploaded, imported in the background:
    queued → importing → done | failed. The file waits under the data folder's
    `incoming/` until it has been imported."""

    __tablename__ = "catalogue_uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))  # as uploaded
    stored_name: Mapped[str] = mapped_column(String(100))  # the file under incoming/
    province: Mapped[str | None] = mapped_column(String(50))  # for files without a 省份 column
    state: Mapped[str] = mapped_column(String(12), index=True)  # one of UPLOAD_STATES
    reason: Mapped[str | None] = mapped_column(String(400))  # why it failed
    report: Mapped[str | None] = mapped_column(Text)  # JSON: counts and the first unusable rows
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RulingRecord(Base):
    """A registered ruling: the extractor's reading (never altered) plus summary columns
    of the current values (the reading with the clerks' corrections applied)."""

    __tablename__ = "rulings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), unique=True)
    extracted: Mapped[str] = mapped_column(Text)  # ruling.schema.json document, as extracted
    case_number: Mapped[str | None] = mapped_column(String(100), index=True)
    document_type: Mapped[str | None] = mapped_column(String(40))
    authority: Mapped[str | None] = mapped_column(String(200))
    decision_date: Mapped[str | None] = mapped_column(String(10))
    effective: Mapped[bool | None] = mapped_column(Boolean)
    possible_copy_of: Mapped[int | None] = mapped_column(ForeignKey("rulings.id"))
    # why the ruling as a whole needs a person before anything is done (the precision guards'
    # reasons, one per line); None when nothing holds it. Puts it first in the clerk's queue.
    needs_review: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Correction(Base):
    """A clerk's value for one field of a ruling (JSON path as in the evidence, e.g.
    `parties[1].uscc`). The newest correction of a field wins; older ones stay."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ruling_id: Mapped[int] = mapped_column(ForeignKey("rulings.id"), index=True)
    field: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)  # JSON of the new value
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RulingKey(Base):
    """One thing a ruling is related to others by (`store.ruling_keys`): a case number it
    bears or cites, a patent, a company. Derived from the current values (corrections
    applied) and replaced whenever they change, so that the case page finds related rulings
    by an index lookup instead of reading every ruling."""

    __tablename__ = "ruling_keys"
    __table_args__ = (Index("ix_ruling_keys_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ruling_id: Mapped[int] = mapped_column(ForeignKey("rulings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # a store.ruling_keys.KeyKind
    key: Mapped[str] = mapped_column(String(200))


class AuditEntry(Base):
    """One state change: who, when, what, before and after (JSON). Append-only: the
    migration installs triggers that refuse UPDATE and DELETE. A hash chain
    (`store/audit_chain.py`): `seq` counts the rows from 1, `prev_hash` is the previous row's
    `row_hash`, `row_hash` the SHA-256 of this row's content; both unique, so two writers
    cannot chain onto the same row (a fork fails on insert)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str | None] = mapped_column(String(100))  # e.g. "ruling:3", "user:2"
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    row_hash: Mapped[str] = mapped_column(String(64), unique=True)


class MatchDecision(Base):
    """A person's word on a candidate pairing (accused product × catalogue item):
    `confirmed` or `rejected`. The newest decision on a pairing wins; older ones stay."""

    __tablename__ = "match_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ruling_id: Mapped[int] = mapped_column(ForeignKey("rulings.id"), index=True)
    product: Mapped[int] = mapped_column(Integer)  # index into the ruling's products
    province: Mapped[str] = mapped_column(String(50))
    catalogue_id: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(12))  # "confirmed" | "rejected"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


DRAFT_STATES = ("draft", "approved", "issued", "withdrawn")


class DraftRecord(Base):
    """A document of a case: its plan (template values without number and date) while a
    draft; at approval the number and date are filled in, the DOCX rendered once and its
    bytes stored under their SHA-256. draft → approved → issued, or withdrawn."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ruling_id: Mapped[int | None] = mapped_column(ForeignKey("rulings.id"), index=True)  # a case's documents
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"), index=True)  # or an objection's
    kind: Mapped[str] = mapped_column(String(40))
    prefix: Mapped[str] = mapped_column(String(50))  # 机关代字
    plan_values: Mapped[str] = mapped_column(Text)  # JSON
    enterprise: Mapped[str] = mapped_column(String(300), default="")
    catalogue_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    state: Mapped[str] = mapped_column(String(12), index=True)  # one of DRAFT_STATES
    drafted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drafted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    number: Mapped[str | None] = mapped_column(String(60))  # 发文字号, given at approval
    filename: Mapped[str | None] = mapped_column(String(200))
    docx_sha256: Mapped[str | None] = mapped_column(String(64))  # of the approved bytes
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # content hash of the newest DraftVersion: an edit and an approval each change the row
    # only `WHERE version = <the hash they started from>`, so neither acts on a version it did not see
    version: Mapped[str | None] = mapped_column(String(64))
    approved_version: Mapped[str | None] = mapped_column(String(64))  # the hash the approver saw
    # the approver's User.role_since when it was within the desk's NEW_OFFICER_HOURS at approval
    # (shown on the document's page and recorded in the audit row); None when not flagged
    approver_new_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DraftVersion(Base):
    """One version of a draft's values, never changed (triggers refuse UPDATE and DELETE):
    drafting makes the first, each edit a new one. Who made any version of a draft may not
    approve it."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the draft
    plan_values: Mapped[str] = mapped_column(Text)  # JSON, as DraftRecord.plan_values
    sha256: Mapped[str] = mapped_column(String(64))  # store.drafts.version_hash of this version
    made_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentClaim(Base):
    """A live document (draft, approved or issued) holding (owner, kind, item): the unique
    constraint is what keeps two live notices of one kind for one catalogue item of one
    ruling out of the database, whatever the code above it does. Released (deleted) when the
    document is withdrawn or replaced."""

    __tablename__ = "document_claims"
    __table_args__ = (UniqueConstraint("owner", "kind", "item", name="uq_document_claims_live"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))  # "ruling:3" or "objection:5"
    kind: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(100))  # catalogue id; "" for a document about the whole case
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
