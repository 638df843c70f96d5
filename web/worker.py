"""Background work: read each uploaded ruling file with the extractor and register its
ruling; import each uploaded catalogue file; verify the audit trail daily.

`ingest(job_id, ...)` and `import_upload(upload_id, ...)` are the jobs: plain functions
taking an id (plus where the data lives), so a distributed queue worker can run them as
well as the in-process queues (`IngestQueue`: one thread feeding one warm, guarded reader
process; `CatalogueQueue`: one thread). No Flask in here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine

from extract.jsonout import ruling_to_json
from extract.model import ReadError, Ruling
from extract.ruling import read_ruling, warm_up
from extract.sandbox import DEFAULT_TIMEOUT, Sandbox
from rulingdesk.commands.catalogue import import_file
from store.audit_chain import Verdict
from store.audit_verify import run_and_record
from store.catalogue_file import CatalogueFileError
from store.catalogue_uploads import claim_upload, finish_upload, stored_path, unfinished_uploads
from store.db import open_engine
from store.jobs import claim, finish_done, finish_failed, stored_kind, unfinished_job_ids
from store.rulings import original_path
from web.labels import read_problem

Reader = Callable[[Path], Ruling]
log = logging.getLogger(__name__)


def ingest(job_id: int, *, engine: Engine, home: Path, read: Reader) -> str:
    """Run one ingestion job; returns its final state ("done", "failed") or "skipped" when
    the job was not queued (already taken or finished). Never raises for a bad file."""
    job = claim(engine, job_id)
    if job is None:
        return "skipped"
    path = original_path(home, job.sha256, stored_kind(engine, job.sha256))
    try:
        ruling = read(path)
    except ReadError as err:
        finish_failed(engine, job_id, read_problem(str(err)) or "无法读取")  # the desk's Chinese
        return "failed"
    except Exception as err:  # noqa: BLE001 - a bug must not leave the job "reading" forever
        log.exception("ingest job %s", job_id)
        finish_failed(engine, job_id, f"内部错误：{type(err).__name__}")
        return "failed"
    extracted = ruling_to_json(ruling)
    extracted["source"]["filename"] = job.filename  # the stored copy is named by its hash
    finish_done(engine, job_id, extracted)
    return "done"


def ingest_job(job_id: int, home: str) -> str:
    """The job for an external queue: open the data folder, read in a one-off guarded
    worker, register. (In-process, `IngestQueue` keeps the reader warm instead.)"""
    engine = open_engine(Path(home))
    try:
        with Sandbox(initializer=warm_up) as box:
            return ingest(job_id, engine=engine, home=Path(home), read=lambda p: box.run(read_ruling, p))
    finally:
        engine.dispose()


class BackgroundQueue:
    """Jobs (by id) run one after another on one background thread by `run(job_id)`; a
    job that raises is logged and the thread goes on with the next. `unfinished()` gives
    the ids a stopped server left (for `resume`)."""

    def __init__(self, run: Callable[[int], object], name: str, unfinished: Callable[[], list[int]]) -> None:
        self._job = run
        self._unfinished = unfinished
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def submit(self, job_id: int) -> None:
        with self._lock:
            self._pending += 1
        self._executor.submit(self._run, job_id)

    def resume(self) -> int:
        """Queue the jobs a previous run left unfinished; returns how many."""
        ids = self._unfinished()
        for job_id in ids:
            self.submit(job_id)
        return len(ids)

    def _run(self, job_id: int) -> None:
        try:
            self._job(job_id)
        except Exception:  # noqa: BLE001 - keep the thread alive for the next job
            log.exception("background job %s", job_id)
        finally:
            with self._lock:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every submitted job has run; False on timeout."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class IngestQueue(BackgroundQueue):
    """The in-process default queue of ruling files: each read in the sandbox's warm
    worker process (a hostile file can time out or crash that process, never the server).
    `timeout` is the floor per file, as the CLI's `--timeout`; a scan gets the same budget
    per page to OCR on top of it (`extract/budget.py`)."""

    def __init__(self, engine: Engine, home: Path, *, timeout: float = DEFAULT_TIMEOUT, read: Reader | None = None) -> None:
        self.engine = engine
        self.home = Path(home)
        self._sandbox: Sandbox | None = None
        if read is None:
            self._sandbox = Sandbox(timeout=timeout, initializer=warm_up)
            sandbox = self._sandbox
            read = lambda p: sandbox.run(read_ruling, p)  # noqa: E731
        reader = read
        super().__init__(lambda job_id: ingest(job_id, engine=engine, home=self.home, read=reader), "ingest",
                         lambda: unfinished_job_ids(engine))

    def close(self) -> None:
        super().close()
        if self._sandbox is not None:
            self._sandbox.close()


def import_upload(upload_id: int, *, engine: Engine, home: Path,
                  on_progress: Callable[[int, int], None] | None = None) -> str:
    """Import one uploaded catalogue file (the command line's import) and record the
    result; returns "done", "failed", or "skipped" when it was not queued. The file is
    deleted from incoming/ once read. Never raises for a bad file."""
    upload = claim_upload(engine, upload_id)
    if upload is None:
        return "skipped"
    path = stored_path(home, upload.stored_name)
    if not path.is_file():
        finish_upload(engine, upload_id, reason="上传的文件已不在数据目录中，请重新上传")
        return "failed"
    try:
        report = import_file(engine, path, upload.province, dt.date.today(), show_progress=False,
                             on_progress=on_progress)
    except CatalogueFileError as err:
        finish_upload(engine, upload_id, reason=f"{err}；未导入任何内容")
        return "failed"
    except Exception as err:  # noqa: BLE001 - nothing of it was kept (one transaction); say so, go on
        log.exception("catalogue upload %s", upload_id)
        finish_upload(engine, upload_id, reason=f"内部错误：{type(err).__name__}；未导入任何内容，请重新上传")
        return "failed"
    finally:
        path.unlink(missing_ok=True)
    finish_upload(engine, upload_id, report=report)
    return "done"


class CatalogueQueue(BackgroundQueue):
    """The in-process queue of uploaded catalogue files, one import at a time, with the
    share of the running import's file read so far (`progress`, upload id -> 0..1)."""

    def __init__(self, engine: Engine, home: Path) -> None:
        self.engine = engine
        self.home = Path(home)
        self.progress: dict[int, float] = {}
        super().__init__(self._import, "catalogue", lambda: unfinished_uploads(engine))

    def _import(self, upload_id: int) -> str:
        def heard(done: int, total: int) -> None:
            self.progress[upload_id] = done / total if total else 0.0

        try:
            return import_upload(upload_id, engine=self.engine, home=self.home, on_progress=heard)
        finally:
            self.progress.pop(upload_id, None)


class DailyAuditCheck:
    """Verifies the audit trail (`store.audit_verify.run_and_record`: chain and approved
    documents, the verdict appended to the trail for administrators to see) when started
    and then every `interval`, on its own thread, so a long check never holds up uploads."""

    def __init__(self, engine: Engine, home: Path, interval: dt.timedelta = dt.timedelta(hours=24)) -> None:
        self.engine = engine
        self.home = Path(home)
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="audit-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def run_once(self) -> Verdict | None:
        """One verification, recorded; None when it could not run (logged, retried next time)."""
        try:
            verdict = run_and_record(self.engine, self.home)
        except Exception:  # noqa: BLE001 - the desk keeps serving; the next run tries again
            log.exception("audit check")
            return None
        if not verdict.ok:
            log.error("audit check: %s", verdict.summary)
        return verdict

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            if self._stop.wait(self.interval.total_seconds()):
                return

    def close(self, timeout: float = 5.0) -> None:
        """Stop the schedule; a check under way is not waited for beyond `timeout` (daemon)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
