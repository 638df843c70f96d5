"""Objection records (异议, policy clauses 四 and 五): who objects against which listed
item, on which patent, received when, and by when the IP office should reply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import Actor, record
from store.sessions import writing
from store.tables import Objection


@dataclass(frozen=True)
class ObjectionRecord:
    """An objection as stored."""

    id: int
    objector: str  # who objects (usually the patentee)
    province: str  # 省份 of the listed item
    catalogue_id: str  # 产品编码 of the listed item
    patent_number: str | None  # ZL…
    received_on: dt.date
    reply_deadline: dt.date | None
    note: str | None
    created_at: dt.datetime | None


def _record(row: Objection) -> ObjectionRecord:
    return ObjectionRecord(
        id=row.id,
        objector=row.objector,
        province=row.province,
        catalogue_id=row.catalogue_id,
        patent_number=row.patent_number,
        received_on=row.received_on,
        reply_deadline=row.reply_deadline,
        note=row.note,
        created_at=row.created_at,
    )


def add_objection(
    engine: Engine,
    *,
    objector: str,
    province: str,
    catalogue_id: str,
    received_on: dt.date,
    patent_number: str | None = None,
    reply_deadline: dt.date | None = None,
    note: str | None = None,
    actor: Actor | None = None,
) -> ObjectionRecord:
    """Store a new objection and return it with its id; with an `actor`, audited
    (`objection_registered`) in the same transaction. ValueError (in Chinese, for the desk)
    when it is incomplete or its reply deadline comes before it was received."""
    missing = [name for name, value in (("异议人", objector), ("省份", province), ("产品编码", catalogue_id))
               if not value]
    if missing:
        raise ValueError(f"异议须写明{'、'.join(missing)}")
    if reply_deadline is not None and reply_deadline < received_on:
        raise ValueError(f"答复期限 {reply_deadline.isoformat()} 早于收到日期 {received_on.isoformat()}")
    with writing(engine) as session:  # holds the write lock: the audit row chains onto the head
        row = Objection(
            objector=objector,
            province=province,
            catalogue_id=catalogue_id,
            patent_number=patent_number,
            received_on=received_on,
            reply_deadline=reply_deadline,
            note=note,
        )
        session.add(row)
        session.flush()
        session.refresh(row)
        if actor is not None:
            record(session, actor, "objection_registered", f"objection:{row.id}",
                   after={"objector": objector, "province": province, "catalogue_id": catalogue_id,
                          "reply_deadline": reply_deadline.isoformat() if reply_deadline else None})
        return _record(row)


def get_objection(engine: Engine, objection_id: int) -> ObjectionRecord | None:
    """The objection with this id, or None."""
    with Session(engine) as session:
        row = session.get(Objection, objection_id)
        return _record(row) if row else None


def list_objections(engine: Engine) -> list[ObjectionRecord]:
    """All objections, oldest received first."""
    with Session(engine) as session:
        rows = session.scalars(select(Objection).order_by(Objection.received_on, Objection.id))
        return [_record(row) for row in rows]
