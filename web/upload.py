"""Uploading rulings (clerks): several files at once, type judged from the bytes, kept by
SHA-256, read in the background; the page shows each file's state."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from extract.sniff import sniff
from store.catalogue_uploads import INCOMING
from store.desk_tables import CatalogueUpload
from store.jobs import jobs_by_id, recent_jobs, retry, submit_file, unresolved_failures
from web.labels import label
from web.limits import BodyKind, ReceivedFile, receives_files
from web.security import id_list, requires

bp = Blueprint("upload", __name__)
log = logging.getLogger(__name__)



def _receive(storage: FileStorage) -> tuple[Path, str, int] | str:
    """One uploaded file as the form parser wrote it to incoming/ (hashed and counted
    against its limit as it arrived, `web.limits.ReceivedFile`): (path, sha256, size), or
    the reason it is refused."""
    received = storage.stream
    if not isinstance(received, ReceivedFile):  # only views marked @receives_files get files
        raise TypeError("the upload was not received by web.limits.ReceivedFile")
    received.close()
    if received.size == 0:
        received.discard()
        return "空文件"
    return received.path, received.sha256, received.size


PARTIAL = ("*.upload", "*.part")  # files of a request still being received (upload, catalogue)


def clean_incoming(engine: Engine, home: Path) -> list[str]:
    """At start, before any request: delete what a crash left in incoming/ — files of
    uploads still being received (never handed to a job) and catalogue files whose import
    is no longer waiting or running. Returns the names deleted."""
    folder = Path(home) / INCOMING
    if not folder.is_dir():
        return []
    with Session(engine) as session:
        waiting = set(session.scalars(select(CatalogueUpload.stored_name)
                                      .where(CatalogueUpload.state.in_(("queued", "importing")))))
    deleted = []
    for path in sorted(folder.iterdir()):
        partial = any(path.match(pattern) for pattern in PARTIAL)
        orphan = path.name.startswith("catalogue-") and path.name not in waiting
        if path.is_file() and (partial or orphan):
            path.unlink(missing_ok=True)
            deleted.append(path.name)
    if deleted:
        log.warning("deleted %d partial or orphaned files from %s", len(deleted), folder)
    return deleted


def accept_files(files: list[FileStorage]) -> list[dict]:
    """Store each file and queue its job; one result per file (job or refusal reason)."""
    desk = current_app.extensions["desk"]
    results = []
    for storage in files:
        name = Path(storage.filename or "未命名").name[:300]
        received = _receive(storage)
        if isinstance(received, str):
            results.append(_shown({"filename": name, "state": "refused", "reason": received}))
            continue
        path, sha256, size = received
        kind = sniff(path)
        if kind is None:
            path.unlink(missing_ok=True)
            results.append(_shown({"filename": name, "state": "refused", "reason": "不是 PDF 或 DOCX 文件（按内容判断）"}))
            continue
        job = submit_file(desk.engine, desk.home, path, name, kind, sha256, size, g.user.actor)
        if job.state == "queued":
            desk.queue.submit(job.id)
        results.append(_shown(asdict(job)))
    return results


def _shown(job: dict) -> dict:
    """A job as the upload page's script receives it: with its state's Chinese label."""
    return dict(job, label=label("job_state", job["state"]))


def _page(**extra: object) -> str:
    engine = current_app.extensions["desk"].engine
    return render_template("upload.html", jobs=recent_jobs(engine, 30), failures=unresolved_failures(engine),
                           max_mb=current_app.config["MAX_FILE_MB"], **extra)


@bp.route("/upload", methods=["GET"])
@requires("upload")
def form():
    return _page()


@bp.route("/upload", methods=["POST"])
@receives_files(BodyKind.RULINGS)
@requires("upload")
def receive():
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if not files:
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"error": "没有选择文件"}), 400
        return redirect(url_for("upload.form"))
    results = accept_files(files)
    if request.accept_mimetypes.best == "application/json" or request.headers.get("X-Requested-With"):
        return jsonify({"files": results})
    return _page(results=results)


@bp.route("/upload/jobs")
@requires("upload")
def status():
    """The states of the jobs `?ids=1,2,3` (polled by the upload page)."""
    ids = id_list(request.args.get("ids", ""))
    jobs = jobs_by_id(current_app.extensions["desk"].engine, ids)
    return jsonify({"jobs": [_shown(asdict(j)) for j in jobs]})


@bp.route("/upload/jobs/<int:job_id>/retry", methods=["POST"])
@requires("upload")
def retry_job(job_id: int):
    """Read a failed file again (after the reader was fixed, or a timeout on a busy desk)."""
    desk = current_app.extensions["desk"]
    job = retry(desk.engine, job_id, g.user.actor)
    if job is None:
        abort(409, description="只有读取失败的文件可以重试")
    desk.queue.submit(job.id)
    flash(f"{job.filename}：已重新排队读取。", "info")
    return redirect(url_for("upload.form"))
