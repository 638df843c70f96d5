"""Page images of stored originals for the review page: rendered with pypdfium2 at
`DPI` in a guarded worker process (its own warm sandbox, so a hostile PDF cannot hang the
server and review never waits behind ingestion), cached as PNG in the data folder.

Evidence boxes are in PDF points (1/72 inch) from the top-left of the page; the page's size
in points is returned with the image so the browser can place boxes as percentages.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from extract.model import ReadError
from extract.sandbox import Sandbox

DPI = 100
CACHE = Path("cache") / "pages"


@dataclass(frozen=True)
class PageSize:
    width: float  # PDF points
    height: float


def render_page_png(pdf: Path, *, page: int, out: Path, dpi: int = DPI) -> tuple[float, float]:
    """Write page `page` (1-based) of `pdf` to `out` as PNG at `dpi`; returns the page's
    size in points. Runs inside the sandbox worker."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        if not 1 <= page <= len(document):
            raise ReadError(f"no page {page}")
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        image = pdf_page.render(scale=dpi / 72).to_pil()
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".part")
        image.save(partial, format="PNG", optimize=False)
        partial.replace(out)
        return float(width), float(height)
    finally:
        document.close()


def page_count(pdf: Path) -> int:
    """Number of pages of `pdf` (runs inside the sandbox worker)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


class PageRenderer:
    """Cached page images of the originals under `home`."""

    def __init__(self, home: Path, *, timeout: float = 30.0) -> None:
        self.folder = Path(home) / CACHE
        self._sandbox = Sandbox(timeout=timeout, memory_mb=1536)

    def _dir(self, sha256: str) -> Path:
        return self.folder / sha256

    def pages(self, pdf: Path, sha256: str) -> int:
        """How many pages the original has (cached)."""
        meta = self._dir(sha256) / "pages.json"
        if meta.exists():
            return int(json.loads(meta.read_text())["pages"])
        count = self._sandbox.run(page_count, pdf)
        meta.parent.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps({"pages": count}))
        return count

    def image(self, pdf: Path, sha256: str, page: int) -> tuple[Path, PageSize]:
        """The PNG of `page` and the page's size in points; ReadError when it cannot be made."""
        out = self._dir(sha256) / f"{page}@{DPI}.png"
        size_file = out.with_suffix(".json")
        if out.exists() and size_file.exists():
            width, height = json.loads(size_file.read_text())
            return out, PageSize(width, height)
        width, height = self._sandbox.run(functools.partial(render_page_png, page=page, out=out), pdf)
        size_file.write_text(json.dumps([width, height]))
        return out, PageSize(width, height)

    def size(self, pdf: Path, sha256: str, page: int) -> PageSize:
        return self.image(pdf, sha256, page)[1]

    def close(self) -> None:
        self._sandbox.close()
