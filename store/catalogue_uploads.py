"""Catalogue files uploaded on the desk, imported in the background: one row per file,
queued → importing → done | failed. The state lives in the database so that the page can
show it, a stopped server picks unfinished files up again, and any worker can run one by
its id (as ruling ingestion jobs do, `store.jobs`)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import SYSTEM, Actor, record
from store.catalogue import ImportReport
from store.desk_tables import CatalogueUpload, User, utcnow
from store.sessions import requeue, take, writing

INCOMING = "incoming"  # the data folder's folder of uploaded files waiting to be imported
PROBLEMS_SHOWN = 20  # unusable rows kept with an upload for the page (the CLI prints them all)


@dataclass(frozen=True)
class UploadView:
    """What the catalogue page shows about one uploaded file."""

    id: int
    filename: str
    state: str
    reason: str | None
    report: dict[str, Any] | None  # counts, and `problems`: [[line, reason], ...]
    username: str | None
    created_at: dt.datetime


def stored_path(home: Path, stored_name: str) -> Path:
    """Where an upload's file waits under the data folder."""
    return Path(home) / INCOMING / stored_name


def submit_upload(engine: Engine, home: Path, upload: Path, filename: str, province: str | None, actor: Actor) -> int:
    """Keep the uploaded file (moved from `upload` into incoming/) and queue its import;
    returns the upload's id."""
    stored_name = f"catalogue-{secrets.token_hex(8)}"
    target = stored_path(home, stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(upload, target)
    with writing(engine) as session:
        row = CatalogueUpload(filename=filename[:300], stored_name=stored_name, province=province or None,
                              state="queued", user_id=actor.user_id)
        session.add(row)
        session.flush()
        record(session, actor, "catalogue_upload", f"catalogue_upload:{row.id}", after={"file": filename})
        return row.id


def claim_upload(engine: Engine, upload_id: int) -> CatalogueUpload | None:
    """Move a queued upload to `importing` and return it; None when it is not queued."""
    return take(engine, CatalogueUpload, upload_id, state="queued", to="importing", started_at=utcnow())


def report_json(report: ImportReport) -> dict[str, Any]:
    """The part of an import report kept with the upload."""
    return {"rows_read": report.rows_read, "added": report.added, "updated": report.updated,
            "unchanged": report.unchanged, "status_changes": report.status_changes, "rejected": report.rejected,
            "problems": [[p.line, p.reason] for p in report.problems[:PROBLEMS_SHOWN]]}


def finish_upload(engine: Engine, upload_id: int, *, report: ImportReport | None = None,
                  reason: str | None = None) -> None:
    """Record the end of an import (its report, or why nothing was imported) in the
    upload's row and, as the uploader's, in the audit log, in one transaction."""
    kept = report_json(report) if report is not None else None
    with writing(engine) as session:
        row = session.get(CatalogueUpload, upload_id)
        uploader = session.get(User, row.user_id) if row.user_id is not None else None
        actor = Actor(uploader.id, uploader.username) if uploader else SYSTEM
        row.state = "done" if report is not None else "failed"
        row.reason = reason[:400] if reason else None
        row.report = json.dumps(kept, ensure_ascii=False) if kept is not None else None
        row.finished_at = utcnow()
        summary = {k: v for k, v in (kept or {}).items() if k != "problems"}
        record(session, actor, "catalogue_import", f"catalogue_upload:{upload_id}",
               after={"file": row.filename, **summary, **({"reason": reason} if reason else {})})


def unfinished_uploads(engine: Engine) -> list[int]:
    """Uploads a stopped server left behind (an interrupted import kept nothing, so
    `importing` ones are queued again); every queued id, oldest first."""
    return requeue(engine, CatalogueUpload, taken="importing")


def recent_uploads(engine: Engine, limit: int = 10) -> list[UploadView]:
    """The latest uploads, newest first."""
    with Session(engine) as session:
        rows = session.execute(select(CatalogueUpload, User.username).outerjoin(User, User.id == CatalogueUpload.user_id)
                               .order_by(CatalogueUpload.id.desc()).limit(limit)).all()
        return [UploadView(row.id, row.filename, row.state, row.reason, json.loads(row.report) if row.report else None,
                           username, row.created_at)
                for row, username in rows]
