"""Ingestion jobs: one row per uploaded file, queued → reading → done | failed (or
`duplicate` at once). The state lives in the database so any worker (a thread of the web
process today, a queue worker later) can pick a job up by its id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import Actor, record
from store.desk_tables import IngestJob, RulingRecord, StoredFile, utcnow
from store.rulings import add_ruling, keep_original, ruling_id_for_file
from store.search_index import ruling_saved
from store.sessions import requeue, take, writing


@dataclass(frozen=True)
class JobView:
    """What the upload page shows about one file."""

    id: int
    filename: str
    state: str
    reason: str | None
    ruling_id: int | None
    sha256: str


def _view(job: IngestJob) -> JobView:
    return JobView(job.id, job.filename, job.state, job.reason, job.ruling_id, job.sha256)


def is_stored(engine: Engine, sha256: str) -> bool:
    """Whether a file with these bytes was stored before (uploaded once, whatever its job's state)."""
    with Session(engine) as session:
        return session.get(StoredFile, sha256) is not None


def submit_file(
    engine: Engine, home: Path, upload: Path, filename: str, kind: str, sha256: str, size: int, actor: Actor
) -> JobView:
    """Keep the uploaded file (moved from `upload`) and open its job: `queued`, or
    `duplicate` (with the ruling it duplicates) when the same bytes were stored before."""
    with writing(engine) as session:
        known = session.get(StoredFile, sha256)
        if known is None:
            keep_original(home, upload, sha256, kind)
            session.add(
                StoredFile(
                    sha256=sha256,
                    kind=kind,
                    size=size,
                    filename=filename,
                    uploaded_by=actor.user_id,
                    uploaded_at=utcnow(),
                )
            )
            session.flush()
            job = IngestJob(
                sha256=sha256, filename=filename, state="queued", user_id=actor.user_id, created_at=utcnow()
            )
        else:
            upload.unlink(missing_ok=True)
            existing = ruling_id_for_file(engine, sha256)
            earlier = session.scalar(
                select(IngestJob).where(IngestJob.sha256 == sha256).order_by(IngestJob.id)
            )
            state = "duplicate"
            reason = f"与已上传的文件“{known.filename}”内容相同"
            if existing is None and earlier is not None and earlier.state == "failed":
                state, reason = "queued", None  # an earlier attempt failed: read it again
            job = IngestJob(
                sha256=sha256,
                filename=filename,
                state=state,
                reason=reason,
                ruling_id=existing,
                user_id=actor.user_id,
                created_at=utcnow(),
                finished_at=utcnow() if state == "duplicate" else None,
            )
        session.add(job)
        session.flush()
        record(
            session,
            actor,
            "upload",
            f"job:{job.id}",
            after={"filename": filename, "sha256": sha256, "state": job.state},
        )
        return _view(job)


def claim(engine: Engine, job_id: int) -> IngestJob | None:
    """Move a queued job to `reading` and return it; None when it is not queued (another
    worker has it, or it is finished). Safe when two workers race for it."""
    return take(engine, IngestJob, job_id, state="queued", to="reading", started_at=utcnow())


def jobs_by_id(engine: Engine, ids: list[int]) -> list[JobView]:
    with Session(engine) as session:
        rows = session.scalars(select(IngestJob).where(IngestJob.id.in_(ids)).order_by(IngestJob.id))
        return [_view(j) for j in rows]


def recent_jobs(engine: Engine, limit: int = 50) -> list[JobView]:
    with Session(engine) as session:
        rows = session.scalars(select(IngestJob).order_by(IngestJob.id.desc()).limit(limit))
        return [_view(j) for j in rows]


def unresolved_failures(engine: Engine, limit: int = 200) -> list[JobView]:
    """Failed jobs whose file is still unread (no job for the same bytes is queued,
    reading or done), newest first: they stay in front of the clerk until retried."""
    with Session(engine) as session:
        settled = select(IngestJob.sha256).where(IngestJob.state.in_(("queued", "reading", "done")))
        rows = session.scalars(select(IngestJob).where(IngestJob.state == "failed", IngestJob.sha256.not_in(settled))
                               .order_by(IngestJob.id.desc()).limit(limit))
        return [_view(j) for j in rows]


def retry(engine: Engine, job_id: int, actor: Actor) -> JobView | None:
    """failed → queued (the reason cleared), audited; None when the job is not failed."""
    job = take(engine, IngestJob, job_id, state="failed", to="queued", reason=None, finished_at=None)
    if job is None:
        return None
    with writing(engine) as session:
        record(session, actor, "ingest_retry", f"job:{job_id}", after={"filename": job.filename})
    return _view(job)


def unfinished_job_ids(engine: Engine) -> list[int]:
    """Jobs a stopped server left behind: `reading` ones are put back to `queued`; returns
    every queued id, oldest first."""
    return requeue(engine, IngestJob, taken="reading")


def stored_kind(engine: Engine, sha256: str) -> str:
    with Session(engine) as session:
        known = session.get(StoredFile, sha256)
        return known.kind if known else "pdf"


def finish_failed(engine: Engine, job_id: int, reason: str) -> None:
    """The file could not be read: `failed` with its one-line reason."""
    with writing(engine) as session:
        job = session.get(IngestJob, job_id)
        if job is None:
            return
        job.state, job.reason, job.finished_at = "failed", reason[:400], utcnow()
        record(session, Actor(None, "worker"), "ingest_failed", f"job:{job_id}", after={"reason": job.reason})


def finish_done(engine: Engine, job_id: int, extracted: dict) -> int:
    """The file was read: register its ruling (or link the ruling another job registered
    for the same bytes meanwhile) and mark the job `done`; returns the ruling id."""
    worker = Actor(None, "worker")
    with writing(engine) as session:
        job = session.get(IngestJob, job_id)
        assert job is not None
        ruling_id = session.scalar(select(RulingRecord.id).where(RulingRecord.sha256 == job.sha256))
        if ruling_id is None:
            ruling_id = add_ruling(session, job.sha256, extracted, worker).id
        job.state, job.ruling_id, job.finished_at = "done", ruling_id, utcnow()
        record(session, worker, "ingest_done", f"job:{job_id}", after={"ruling_id": ruling_id})
    ruling_saved(engine, ruling_id)
    return ruling_id
