"""Page images of a drafted document as it will print (GB/T 9704 layout), for the officer
to see before approving: the DOCX is converted to PDF by LibreOffice (`generate.pdf.to_pdf`,
with its substitute fonts) and the PDF's pages are drawn as PNG by the review page's
renderer (`web.pages.PageRenderer`, pypdfium2 in its guarded worker).

Everything is cached in the data folder by a SHA-256 of the DOCX (`preview_key`), so a second view
is instant and an edit (new bytes) gets a new preview; each edit leaves the old version's
preview behind, so after a conversion the least recently viewed previews are deleted once
the cache holds more than CACHE_LIMIT bytes (`prune`). LibreOffice takes seconds, so the
draft page shows only what is `ready` and the browser asks for the rest (`build`), which
converts once per DOCX (a lock per key) within a timeout. When LibreOffice is missing or
fails, `PreviewUnavailable` says why in Chinese and the page keeps its text preview.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.model import ReadError
from generate.pdf import soffice, to_pdf
from web.pages import PageRenderer

CACHE = Path("cache") / "previews"
DEFAULT_TIMEOUT = 90.0  # seconds for one LibreOffice run (a cold start on a busy 2-core machine takes ~10 s)
CACHE_LIMIT = 512 * 2**20  # bytes of previews (PDFs and page images) kept; ~0.5 MB a document version
KEEP_VIEWED = 3600.0  # seconds: a preview viewed this recently is kept (its page may still load images)
NO_SOFFICE = "本机未安装 LibreOffice（soffice），无法生成版面预览；下面是文字预览，版式以核准后下载的 DOCX 为准。"


class PreviewUnavailable(Exception):
    """There is no page preview; the message (Chinese) says why and is shown to the officer."""


@dataclass(frozen=True)
class Preview:
    """A document's preview as cached: its PDF and how many pages it has."""

    key: str  # `preview_key` of the DOCX previewed
    pdf: Path  # LibreOffice's PDF of them
    pdf_sha256: str  # names the page images in the page renderer's cache
    pages: int


def preview_key(content: bytes) -> str:
    """The key a DOCX's preview is cached under: the SHA-256 of its parts (names and
    contents in order). Not of the bytes themselves: the ZIP records when each part was
    written, so rendering the same draft twice gives different bytes."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for entry in package.infolist():
            data = package.read(entry)
            digest.update(f"{entry.filename}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


class DraftPreviews:
    """Cached page previews of DOCX bytes under `home`.

    `find_soffice` is the LibreOffice lookup (injected so a desk can be run, or tested,
    without it); failed conversions are remembered for the life of the process so that a
    broken LibreOffice is not run again at every view of the same document."""

    def __init__(self, home: Path, pages: PageRenderer, *, find_soffice: Callable[[], str | None] = soffice,
                 timeout: float = DEFAULT_TIMEOUT, limit: int = CACHE_LIMIT) -> None:
        self.folder = Path(home) / CACHE
        self.pages = pages
        self.find_soffice = find_soffice
        self.timeout = timeout
        self.limit = limit
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._failed: dict[str, str] = {}

    def _dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def ready(self, key: str) -> Preview | None:
        """The cached preview of the DOCX with this key, or None when not made yet (no I/O
        beyond reading the cache)."""
        meta = self._dir(key) / "preview.json"
        try:
            found = json.loads(meta.read_text(encoding="utf-8"))
            os.utime(meta)  # viewed now: the last to be pruned
        except FileNotFoundError:
            return None
        return Preview(key, self._dir(key) / "preview.pdf", found["pdf_sha256"], int(found["pages"]))

    def problem(self, key: str) -> str | None:
        """Why the DOCX with this key has no preview and will not get one on request (no
        LibreOffice, or its conversion failed earlier in this process), or None."""
        if self.ready(key) is not None:
            return None
        if key in self._failed:
            return self._failed[key]
        return None if self.find_soffice() else NO_SOFFICE

    def build(self, content: bytes) -> Preview:
        """The preview of the DOCX `content`, converted now when not cached (once, however
        many requests ask at the same time); raises PreviewUnavailable with the reason."""
        key = preview_key(content)
        found = self.ready(key)
        if found is not None:
            return found
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            found = self.ready(key)
            if found is not None:
                return found
            reason = self.problem(key)
            if reason:
                raise PreviewUnavailable(reason)
            try:
                made = self._convert(key, content)
            except PreviewUnavailable as err:
                self._failed[key] = str(err)
                raise
        self.prune()
        return made

    def prune(self, now: float | None = None) -> int:
        """Delete the least recently viewed previews (their PDF and page images) until the
        cache holds at most `self.limit` bytes, keeping any viewed in the last KEEP_VIEWED
        seconds; returns how many were deleted. A deleted preview is made again when asked."""
        now = time.time() if now is None else now
        entries = []  # (last viewed, bytes, folder, page images folder)
        for meta in self.folder.glob("*/*/preview.json"):
            try:
                viewed = meta.stat().st_mtime
                images = self.pages.folder / json.loads(meta.read_text(encoding="utf-8"))["pdf_sha256"]
            except (OSError, ValueError, KeyError):
                continue  # being written or deleted by another thread
            size = sum(p.stat().st_size for folder in (meta.parent, images) if folder.is_dir()
                       for p in folder.iterdir() if p.is_file())
            entries.append((viewed, size, meta.parent, images))
        total = sum(size for _, size, _, _ in entries)
        deleted = 0
        for viewed, size, folder, images in sorted(entries, key=lambda entry: entry[0]):
            if total <= self.limit or now - viewed < KEEP_VIEWED:
                break
            (folder / "preview.json").unlink(missing_ok=True)  # first: `ready` no longer offers it
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(images, ignore_errors=True)
            total -= size
            deleted += 1
        return deleted

    def image(self, preview: Preview, page: int) -> Path:
        """The PNG of page `page` (1-based) of the preview; ReadError when there is no such page."""
        if not 1 <= page <= preview.pages:
            raise ReadError(f"no page {page}")
        return self.pages.image(preview.pdf, preview.pdf_sha256, page)[0]

    def _convert(self, key: str, content: bytes) -> Preview:
        program = self.find_soffice()
        if not program:
            raise PreviewUnavailable(NO_SOFFICE)
        folder = self._dir(key)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="rulingdesk-preview-") as scratch:
            source = Path(scratch) / "preview.docx"
            source.write_bytes(content)
            try:
                made = to_pdf([source], Path(scratch), timeout=self.timeout, program=program)
            except subprocess.TimeoutExpired:
                raise PreviewUnavailable(
                    f"LibreOffice 排版超过 {self.timeout:.0f} 秒仍未完成，暂无版面预览；下面是文字预览。") from None
            except OSError as err:
                raise PreviewUnavailable(f"LibreOffice 无法启动（{err.strerror or err}），暂无版面预览；下面是文字预览。") from None
            if not made:
                raise PreviewUnavailable("LibreOffice 未能把文书转为 PDF，暂无版面预览；下面是文字预览。")
            pdf = folder / "preview.pdf"
            shutil.move(made[0], pdf)
        pdf_sha256 = hashlib.sha256(pdf.read_bytes()).hexdigest()
        try:
            pages = self.pages.pages(pdf, pdf_sha256)
        except ReadError as err:
            raise PreviewUnavailable(f"LibreOffice 生成的 PDF 无法读取（{err}），暂无版面预览；下面是文字预览。") from None
        meta = folder / "preview.json"
        partial = meta.with_suffix(".part")  # written last and whole: `ready` never sees half a preview
        partial.write_text(json.dumps({"pdf_sha256": pdf_sha256, "pages": pages}), encoding="utf-8")
        partial.replace(meta)
        return Preview(key, pdf, pdf_sha256, pages)
