"""The database tables (SQLAlchemy 2 declarative models). Schema changes go through a new
Alembic revision in `store/migrations/versions/`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CatalogueImport(Base):
    """One run of `rulingdesk catalogue import`."""

    __tablename__ = "catalogue_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    as_of: Mapped[dt.date] = mapped_column(Date)  # the date status changes are recorded with
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)


class CatalogueRow(Base):
    """A listed item; key (province, catalogue_id). The `*_key` columns hold the matching
    stage's normalised blocking keys, computed at import."""

    __tablename__ = "catalogue_items"
    __table_args__ = (
        UniqueConstraint("province", "catalogue_id", name="uq_catalogue_items_key"),
        Index("ix_catalogue_items_name_maker", "name_key", "maker_key"),
        Index(
            "ix_catalogue_items_name_holder",
            "name_key",
            "holder_key",
            sqlite_where=text("holder_key IS NOT NULL"),
            postgresql_where=text("holder_key IS NOT NULL"),
        ),
        Index("ix_catalogue_items_nhsa_code", "nhsa_code"),
        Index("ix_catalogue_items_catalogue_id", "catalogue_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province: Mapped[str] = mapped_column(String(50))  # 省份
    catalogue_id: Mapped[str] = mapped_column(String(100))  # 产品编码
    name: Mapped[str] = mapped_column(String(300))  # 通用名
    nhsa_code: Mapped[str | None] = mapped_column(String(40))  # 医保代码
    trade_name: Mapped[str | None] = mapped_column(String(300))
    dosage_form: Mapped[str | None] = mapped_column(String(100))
    specification: Mapped[str | None] = mapped_column(String(300))
    packaging: Mapped[str | None] = mapped_column(String(300))
    manufacturer: Mapped[str | None] = mapped_column(String(300))
    holder: Mapped[str | None] = mapped_column(String(300))
    approval_numbers: Mapped[str] = mapped_column(Text, default="")  # ";"-joined, as given
    status: Mapped[str] = mapped_column(String(20))  # one of matching.model.LISTING_STATUSES
    batch: Mapped[str | None] = mapped_column(String(200))  # 集采批次
    selected: Mapped[bool] = mapped_column(Boolean, default=False)  # 中选
    name_key: Mapped[str] = mapped_column(String(300))  # normalised generic name
    maker_key: Mapped[str | None] = mapped_column(String(300))  # normalised 生产企业
    holder_key: Mapped[str | None] = mapped_column(String(300))  # normalised 上市许可持有人
    fingerprint: Mapped[str] = mapped_column(String(40))  # hash of the imported fields
    first_import_id: Mapped[int] = mapped_column(ForeignKey("catalogue_imports.id"))
    last_import_id: Mapped[int] = mapped_column(ForeignKey("catalogue_imports.id"))


class CatalogueApproval(Base):
    """One normalised 批准文号 / 注册证号 of an item (an item may have several)."""

    __tablename__ = "catalogue_approvals"

    number: Mapped[str] = mapped_column(String(100), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StatusChange(Base):
    """A change of an item's 挂网状态 seen by a later import. The status an item first came
    with is not stored here: it is dated by the item's first import (see
    store.catalogue.status_history)."""

    __tablename__ = "catalogue_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalogue_items.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    previous: Mapped[str | None] = mapped_column(String(20))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    import_id: Mapped[int] = mapped_column(ForeignKey("catalogue_imports.id"))


class DocumentNumber(Base):
    """The last official document number given per issuing office and year."""

    __tablename__ = "document_numbers"

    office: Mapped[str] = mapped_column(String(100), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Objection(Base):
    """An objection (异议) against a listed item (policy clauses 四 and 五)."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objector: Mapped[str] = mapped_column(String(300))
    province: Mapped[str] = mapped_column(String(50))
    catalogue_id: Mapped[str] = mapped_column(String(100))
    patent_number: Mapped[str | None] = mapped_column(String(40))
    received_on: Mapped[dt.date] = mapped_column(Date)
    reply_deadline: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
