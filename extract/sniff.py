"""What kind of file this is, judged from its bytes (never from its name)."""

from __future__ import annotations

import zipfile
from pathlib import Path

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 1024  # a PDF header may follow some junk; readers accept it within 1 KB


def sniff(path: Path) -> str | None:
    """"pdf", "docx" or None (anything else, including an empty file)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if PDF_MAGIC in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None
