"""The sandbox: results come back, failures become one-line ReadErrors, the worker is
reused while healthy and replaced (and reaped) after a timeout, crash or MemoryError."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from extract import budget
from extract.model import ReadError
from extract.sandbox import Sandbox


# Jobs: module-level so that the worker can unpickle them.
def size_of(path: Path) -> int:
    return path.stat().st_size


def pid_of(path: Path) -> int:
    return os.getpid()


def refuse(path: Path) -> None:
    raise ReadError("damaged PDF: test")


def sleep_long(path: Path) -> None:
    time.sleep(60)


def allocate(path: Path) -> int:
    return len(bytearray(4 * 1024 * 1024 * 1024))


def abort(path: Path) -> None:
    os.abort()


def fail(path: Path) -> None:
    raise ValueError("bad\nthing")


def announce_two_pages_then_work(path: Path) -> tuple[float, float]:
    """A scan's reader: it says it has two pages to OCR, then takes 2 s."""
    clock = budget.current()
    assert clock is not None
    clock.ocr_deadline(2)
    time.sleep(2)
    return clock.floor, clock.per_page


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4 hello")
    return path


@pytest.fixture
def box():
    """A sandbox with short limits, closed after the test."""
    with Sandbox(timeout=5, memory_mb=1024) as sandbox:
        yield sandbox


def _reaped(pid: int) -> bool:
    """True when no process (not even a zombie) is left with this pid."""
    return not Path(f"/proc/{pid}").exists()


def test_returns_the_result_and_reuses_the_worker(box, sample):
    assert box.run(size_of, sample) == 14
    first = box.run(pid_of, sample)
    assert box.run(pid_of, sample) == first
    assert box.workers_started == 1


@pytest.mark.parametrize(
    ("job", "reason"),
    [
        (refuse, "damaged PDF: test"),
        (fail, "unreadable file (ValueError: bad thing)"),
        (allocate, "ran out of memory"),
        (abort, "ran out of memory"),
    ],
)
def test_failures_become_one_line_reasons(box, sample, job, reason):
    with pytest.raises(ReadError) as caught:
        box.run(job, sample)
    assert str(caught.value) == reason
    assert "\n" not in str(caught.value)
    assert box.run(size_of, sample) == 14  # the next file is read


def test_a_timeout_kills_and_reaps_the_worker_and_replaces_it(box, sample):
    pid = box.run(pid_of, sample)
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"^timed out after 1 s$"):
        box.run(sleep_long, sample, timeout=1)
    assert time.monotonic() - started < 4
    assert _reaped(pid)
    assert box.run(pid_of, sample) != pid
    assert box.workers_started == 2


def test_memory_error_replaces_the_worker(box, sample):
    pid = box.run(pid_of, sample)
    with pytest.raises(ReadError, match="ran out of memory"):
        box.run(allocate, sample)
    assert _reaped(pid)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"x" * (2 * 1024 * 1024), "file too large (2 MB, limit 1 MB)"),
    ],
)
def test_size_checks_happen_before_the_worker(tmp_path, content, reason):
    path = tmp_path / "f.pdf"
    path.write_bytes(content)
    with Sandbox(max_file_mb=1) as sandbox:
        with pytest.raises(ReadError) as caught:
            sandbox.run(size_of, path)
        assert str(caught.value) == reason
        assert sandbox.workers_started == 0


def test_missing_and_special_files(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with Sandbox() as sandbox:
        with pytest.raises(ReadError, match="not a regular file"):
            sandbox.run(size_of, fifo)
        with pytest.raises(ReadError, match="cannot open file"):
            sandbox.run(size_of, tmp_path / "missing.pdf")


def test_close_stops_the_worker(sample):
    sandbox = Sandbox()
    pid = sandbox.run(pid_of, sample)
    sandbox.close()
    assert _reaped(pid)


def test_pages_to_ocr_extend_the_time_limit(sample):
    """Floor 1 s, 2 s per page: a job that announces two pages has 5 s, not 1."""
    with Sandbox(timeout=1, ocr_page_seconds=2, memory_mb=1024) as sandbox:
        assert sandbox.run(announce_two_pages_then_work, sample) == (1, 2)
        with pytest.raises(ReadError, match=r"^timed out after 1 s$"):
            sandbox.run(sleep_long, sample)  # the next job starts from the floor again


def test_the_default_limit_is_the_budgets():
    with Sandbox() as sandbox:
        assert (sandbox.timeout, sandbox.ocr_page_seconds) == (budget.FILE_SECONDS, budget.OCR_SECONDS_PER_PAGE)
