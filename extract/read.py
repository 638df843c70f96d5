"""`read_document(path)`: any ruling file (PDF with a text layer, scanned PDF, DOCX) as a
`Document`. Runs in the caller's process; `sandbox.py` runs it in a guarded child."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from extract.docx_file import read_docx
from extract.model import Document, ReadError
from extract.ocr import OcrEngine, default_engine
from extract.pdf import read_pdf
from extract.sniff import sniff

MAX_FILE_MB: Final = 100


class _Default:
    """Marks `ocr=` not given: the installed default engine is looked up at call time."""

    def __repr__(self) -> str:
        return "default"


DEFAULT: Final = _Default()


def check_size(path: Path, limit_mb: float = MAX_FILE_MB) -> int:
    """The file's size in bytes; ReadError when it is missing, not a regular file, empty
    or over `limit_mb`."""
    try:
        stat = path.stat()
    except OSError as err:
        raise ReadError(f"cannot open file: {err.strerror or type(err).__name__}") from None
    if not path.is_file():
        raise ReadError("not a regular file")
    if stat.st_size == 0:
        raise ReadError("empty file")
    if stat.st_size > limit_mb * 1024 * 1024:
        raise ReadError(f"file too large ({stat.st_size / 1024 / 1024:.0f} MB, limit {limit_mb:.0f} MB)")
    return stat.st_size


def read_document(path: Path, *, ocr: OcrEngine | None | _Default = DEFAULT) -> Document:
    """The file's text, boxes and tables, dispatched on its content (PDF or DOCX).
    `ocr` reads scanned pages (default: `extract.ocr.default_engine()`, RapidOCR in one
    helper process per core; None: no OCR, scanned pages become warnings). Under a job's
    clock (`extract/budget.py`, set by the sandbox) OCR stops in time and the pages not read
    are named in a warning. Raises ReadError with a one-line reason for unreadable files."""
    path = Path(path)
    check_size(path)
    kind = sniff(path)
    if kind == "pdf":
        engine = default_engine() if isinstance(ocr, _Default) else ocr
        return read_pdf(path, ocr=engine)
    if kind == "docx":
        return read_docx(path)
    raise ReadError("not a PDF or DOCX file")
