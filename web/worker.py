"""Background ingestion: read each uploaded file with the extractor and register its ruling.

`ingest(job_id, ...)` is the job: a plain function taking a job id (plus where the data
lives and how to read), so a distributed queue worker can run it as well as the in-process
`IngestQueue` (one thread feeding one warm, guarded reader process). No Flask in here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine

from extract.jsonout import ruling_to_json
from extract.model import ReadError, Ruling
from extract.ruling import read_ruling, warm_up
from extract.sandbox import Sandbox
from store.db import open_engine
from store.jobs import claim, finish_done, finish_failed, stored_kind, unfinished_job_ids
from store.rulings import original_path

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
        finish_failed(engine, job_id, str(err) or "无法读取")
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


class IngestQueue:
    """The in-process default queue: jobs run one after another on a background thread,
    each file read in the sandbox's warm worker process (a hostile file can time out or
    crash that process, never the server)."""

    def __init__(self, engine: Engine, home: Path, *, timeout: float = 60.0, read: Reader | None = None) -> None:
        self.engine = engine
        self.home = Path(home)
        self._sandbox: Sandbox | None = None
        if read is None:
            self._sandbox = Sandbox(timeout=timeout, initializer=warm_up)
            sandbox = self._sandbox
            read = lambda p: sandbox.run(read_ruling, p)  # noqa: E731
        self._read = read
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def submit(self, job_id: int) -> None:
        with self._lock:
            self._pending += 1
        self._executor.submit(self._run, job_id)

    def resume(self) -> int:
        """Queue the jobs a previous run left unfinished; returns how many."""
        ids = unfinished_job_ids(self.engine)
        for job_id in ids:
            self.submit(job_id)
        return len(ids)

    def _run(self, job_id: int) -> None:
        try:
            ingest(job_id, engine=self.engine, home=self.home, read=self._read)
        except Exception:  # noqa: BLE001 - keep the thread alive for the next job
            log.exception("ingest job %s", job_id)
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
        if self._sandbox is not None:
            self._sandbox.close()
