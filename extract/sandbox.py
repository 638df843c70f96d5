"""Running a reader on a file in a guarded child process.

Hostile or broken files (endless content streams, page-tree bombs, parser crashes) must not
hang or crash the caller. `Sandbox` keeps one warm worker process (so heavy set-up such as
loading the spaCy/jieba pipeline happens once), sends it (function, path) jobs, and waits
at most `timeout` seconds, plus `ocr_page_seconds` for every page the job says it has to
OCR (`extract/budget.py`: the job runs under a `budget.Clock` whose extensions reach the
sandbox as messages; the reader stops OCR in time to send back the pages it has read).
The worker runs under an address-space limit (RLIMIT_AS). After a timeout, a crash or a
MemoryError the worker is killed with the helpers it started (OCR processes), reaped (no
zombie) and replaced on the next job. Every failure comes back as a `ReadError` with a
one-line reason.

    with Sandbox(timeout=60) as box:
        document = box.run(read_document, path)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from extract import budget
from extract.model import ReadError
from extract.read import MAX_FILE_MB, check_size

T = TypeVar("T")

DEFAULT_TIMEOUT = budget.FILE_SECONDS  # seconds per file (contract: `extract --timeout`), the floor
DEFAULT_MEMORY_MB = 3072  # address space of the worker; pdfium, numpy and spaCy reserve a lot
START_TIMEOUT = 180.0  # seconds for the worker to start and run its initializer


class Sandbox:
    """One reusable worker process; `run(fn, path)` returns `fn(path)` or raises ReadError.

    `initializer` (picklable, no arguments) runs once in each new worker, e.g. to load a
    pipeline. Jobs run one at a time (a lock). Use it as a context manager or call
    `close()`. The worker dies with the thread that started it (PR_SET_PDEATHSIG), so a
    server should own its sandbox from a long-lived thread; a dead worker is restarted
    on the next job."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        max_file_mb: float = MAX_FILE_MB,
        initializer: Callable[[], Any] | None = None,
        ocr_page_seconds: float = budget.OCR_SECONDS_PER_PAGE,
    ) -> None:
        self.timeout = timeout
        self.ocr_page_seconds = ocr_page_seconds
        self.memory_mb = memory_mb
        self.max_file_mb = max_file_mb
        self.initializer = initializer
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self.workers_started = 0  # how many worker processes this sandbox has started

    # --- life cycle ---------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker now (otherwise the first `run` does)."""
        with self._lock:
            self._ensure_worker()

    def close(self) -> None:
        """Stop the worker, if any, and wait for it."""
        with self._lock:
            self._stop(kill=False)

    @property
    def worker_pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def _ensure_worker(self) -> None:
        """A fresh interpreter (not fork: the caller may hold threads and locks; not
        multiprocessing's spawn: it re-imports the caller's __main__), in its own session
        so that a kill reaches the helpers it starts (tesseract) too."""
        if self._process is not None and self._process.poll() is None:
            return
        self._stop(kill=True)
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-c", "from extract.sandbox import _main; _main()", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        parent = Connection(ours.detach())
        self._process, self._conn = process, parent
        self.workers_started += 1
        parent.send((self.memory_mb, self.initializer))
        if not parent.poll(START_TIMEOUT):
            self._stop(kill=True)
            raise ReadError(f"reader did not start within {START_TIMEOUT:.0f} s")
        try:
            status, detail = parent.recv()
        except (EOFError, OSError):
            reason = self._death_reason()
            self._stop(kill=True)
            raise ReadError(f"reader could not start ({reason})") from None
        if status != "ready":
            self._stop(kill=True)
            raise ReadError(f"reader could not start ({detail})")

    def _stop(self, *, kill: bool) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()  # an idle worker sees EOF and exits
        if process is None:
            return
        if kill:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the worker and its helpers (tesseract)
            except (ProcessLookupError, PermissionError):
                process.kill()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _death_reason(self) -> str:
        process = self._process
        if process is None:
            return "reader stopped"
        try:
            code = process.wait(1)
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            return "reader stopped answering"
        if code < 0:
            if -code in (signal.SIGKILL, signal.SIGABRT):
                # SIGKILL: the kernel's OOM killer; SIGABRT: an allocation refused under
                # RLIMIT_AS ends pdfium in std::terminate (its own checks trap instead)
                return "ran out of memory"
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"reader crashed ({name})"
        return f"reader exited with status {code}"

    # --- jobs ---------------------------------------------------------------------------

    def run(self, fn: Callable[[Path], T], path: Path, *, timeout: float | None = None) -> T:
        """`fn(path)` computed in the worker. Raises ReadError (one-line reason) when the
        file is empty, too large or missing, when `fn` raises, runs out of memory, crashes
        the worker or takes longer than `timeout` (default: the sandbox's) plus the OCR
        budget of the pages it announces."""
        path = Path(path).absolute()
        check_size(path, self.max_file_mb)
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            self._ensure_worker()
            assert self._conn is not None
            try:
                self._conn.send((fn, path, limit, self.ocr_page_seconds))
            except (OSError, ValueError) as err:
                self._stop(kill=True)
                raise ReadError(f"reader unavailable ({type(err).__name__})") from None
            ends = time.monotonic() + limit
            while True:
                if not self._conn.poll(max(0.0, ends - time.monotonic())):
                    self._stop(kill=True)
                    raise ReadError(f"timed out after {limit:.0f} s")
                try:
                    status, value = self._conn.recv()
                except (EOFError, OSError):
                    reason = self._death_reason()
                    self._stop(kill=True)
                    raise ReadError(reason) from None
                if status != "extend":
                    break
                limit += value  # the job's pages to OCR: their budget (budget.Clock)
                ends += value
            if status == "ok":
                return value
            if status == "fatal":  # the worker is no longer trustworthy (MemoryError)
                self._stop(kill=True)
            raise ReadError(value)


def _main() -> None:
    """Entry point of the worker interpreter: `python -c ... FD`."""
    conn = Connection(int(sys.argv[1]))
    memory_mb, initializer = conn.recv()
    _serve(conn, memory_mb, initializer)


def _serve(conn: Connection, memory_mb: int, initializer: Callable[[], Any] | None) -> None:
    """The worker's loop: limits, set-up, then one job per message until the pipe closes."""
    import resource

    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
    except (OSError, AttributeError):
        pass
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        if initializer is not None:
            initializer()
    except BaseException as err:  # noqa: BLE001 - reported to the parent, then exit
        conn.send(("failed", _one_line(err)))
        return
    conn.send(("ready", None))
    def extend(seconds: float) -> None:
        conn.send(("extend", float(seconds)))

    while True:
        try:
            fn, path, floor, per_page = conn.recv()
        except (EOFError, OSError):
            return
        try:
            with budget.running(budget.Clock(floor, per_page, extend)):
                reply: tuple[str, Any] = ("ok", fn(path))
        except ReadError as err:
            reply = ("error", _one_line(err) or "unreadable file")
        except MemoryError:
            conn.send(("fatal", "ran out of memory"))
            return
        except RecursionError:
            reply = ("error", "damaged file: nesting too deep")
        except Exception as err:  # noqa: BLE001 - bad input must never become a traceback
            reply = ("error", f"unreadable file ({_one_line(err)})")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("fatal", "ran out of memory"))
            return
        except Exception as err:  # noqa: BLE001 - e.g. a result that does not pickle
            conn.send(("error", f"unreadable file ({_one_line(err)})"))


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, ReadError):
        return text[:300]
    return f"{type(err).__name__}: {text}"[:300] if text else type(err).__name__
