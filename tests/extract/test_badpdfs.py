"""Hostile and broken files through the sandboxed reader: each gives a Document or a
one-line ReadError, within its timeout, without crashing the test process or leaving a
zombie. Runs every file of `../shared/badpdfs/` plus files made here (empty, text named
.pdf, encrypted, truncated, an endless content stream, a page-tree bomb)."""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

import pytest

from extract.model import Document, ReadError
from extract.read import read_document
from extract.sandbox import Sandbox

REPO = Path(__file__).resolve().parents[2]
# ../shared/badpdfs beside the repository; RULINGDESK_BADPDFS names them for a worktree elsewhere
BADPDFS = Path(os.environ.get("RULINGDESK_BADPDFS") or REPO.parent / "shared" / "badpdfs")
FIXTURES = Path(__file__).parent / "fixtures"
TIMEOUT = 20.0

SHARED = sorted(p for p in BADPDFS.rglob("*") if p.is_file() and p.name != "SOURCES.txt") if BADPDFS.is_dir() else []


@pytest.fixture(scope="module")
def box():
    """One warm sandbox for the module, as the CLI uses it."""
    with Sandbox(timeout=TIMEOUT, memory_mb=1536) as sandbox:
        yield sandbox


def _children_zombies() -> list[str]:
    """Zombie children of this process (read from /proc)."""
    me = str(os.getpid())
    zombies = []
    # Not Path.glob: it stats each entry itself, and a process of another program that ends
    # meanwhile made it raise ProcessLookupError (seen in CI while a benchmark ran).
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path("/proc", pid, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if fields[0] == "Z" and fields[1] == me:
            zombies.append(pid)
    return zombies


def _outcome(box: Sandbox, path: Path) -> str:
    started = time.monotonic()
    try:
        result = box.run(read_document, path)
    except ReadError as err:
        outcome = str(err)
        assert outcome and "\n" not in outcome and "Traceback" not in outcome
    else:
        assert isinstance(result, Document)
        assert len(result.boxes) == len(result.text) == len(result.page_of_char)
        outcome = "Document"
    assert time.monotonic() - started < TIMEOUT + 10
    assert not _children_zombies()
    return outcome


@pytest.mark.skipif(not SHARED, reason=f"{BADPDFS} is not there")
@pytest.mark.parametrize("path", SHARED, ids=[str(p.relative_to(BADPDFS)) for p in SHARED])
def test_shared_bad_pdfs(box, path):
    _outcome(box, path)


# --- made here ---------------------------------------------------------------------------


def write_pdf(path: Path, objects: list[bytes]) -> None:
    """A minimal PDF with a correct cross-reference table around `objects` (1 = catalog)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def page_bomb(path: Path, fanout: int = 1000) -> None:
    """A page tree of fanout² pages sharing one page object, 12 KB on disk."""
    write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" 3 0 R" * fanout + b"] /Count %d >>" % (fanout * fanout),
        b"<< /Type /Pages /Parent 2 0 R /Kids [" + b" 4 0 R" * fanout + b"] /Count %d >>" % fanout,
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
    ])


def content_bomb(path: Path, megabytes: int = 200) -> None:
    """One page whose content stream inflates to `megabytes` MB of drawing operators
    (about 0.5 MB on disk): a stream that, to the reader, never ends."""
    compressor = zlib.compressobj(9)
    chunk = b"0 0 m 100 100 l S\n" * 58255  # ~1 MB
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])


def _made(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.pdf"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("本院认为，这不是PDF。\n", encoding="utf-8")
    elif kind == "truncated":
        data = (FIXTURES / "ruling.pdf").read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif kind == "encrypted":
        path.write_bytes((BADPDFS / "pypdf" / "encryption__r6-user-password.pdf").read_bytes())
    elif kind == "page_bomb":
        page_bomb(path)
    elif kind == "content_bomb":
        content_bomb(path)
    return path


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("empty", {"empty file"}),
        ("text", {"not a PDF or DOCX file"}),
        ("truncated", {"Document", "damaged PDF: data format error"}),
        pytest.param(
            "encrypted", {"encrypted PDF (password required)"},
            marks=pytest.mark.skipif(not BADPDFS.is_dir(), reason="no shared badpdfs"),
        ),
        ("page_bomb", {"too many pages (1000000, limit 2000)"}),
        pytest.param(
            "content_bomb", {"ran out of memory", f"timed out after {TIMEOUT:.0f} s", "Document"},
            marks=pytest.mark.slow,
        ),
    ],
)
def test_made_bad_files(box, tmp_path, kind, allowed):
    assert _outcome(box, _made(tmp_path, kind)) in allowed
    # the sandbox still reads a good file afterwards
    assert _outcome(box, FIXTURES / "ruling.pdf") == "Document"
