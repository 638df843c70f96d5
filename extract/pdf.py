"""Reading a PDF: the text layer through pypdfium2 (character by character, with boxes),
ruled tables from pdfium's path objects through pdfplumber's table algorithm (only on
pages that draw lines; the file is parsed once, by pdfium), and OCR for pages that are
images without usable text. Layout (lines, paragraphs, headers) is `layout.py`'s job.

Coordinates are pdfplumber's: PDF points, `top` measured from the top of the page.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract import budget
from extract.layout import CellBox, Char, Page, lay_out, printable, usable_text
from extract.model import Document, ReadError
from extract.ocr import OcrEngine, OcrUnavailable, chars_from_runs, recognise_pages, render_page
from extract.ocr_tables import ocr_tables

if TYPE_CHECKING:
    from PIL.Image import Image

# pypdfium2's load error. Example: `Failed to load document (PDFium: Data format error).`
PDFIUM_REASON = re.compile(r"\(PDFium: ([^)]*)\)")
MAX_PAGES = 2000  # more than any ruling; a page-tree bomb stops here
MIN_PATHS_FOR_TABLES = 4  # a page with fewer drawn paths has no ruled table
TABLE_TOLERANCE = 3.0  # points: pdfplumber's default snap/join/intersection tolerances
EDGE_THICKNESS = 3.0  # points: a path thinner than this is a ruling line
OCR_DPI = 300  # for an engine that does not name its own resolution (`dpi`)
SOFT_HYPHEN_MARK = 0x02  # pdfium's code for a hyphen that ends a line
FEW_CHARS = 40  # a page image with fewer text-layer characters (a stamped page number) is a scan
SCAN_IMAGE_SHARE = 0.5  # ... when images cover at least half of the page


def read_pdf(path: Path, *, ocr: OcrEngine | None) -> Document:
    """The PDF's text as a `Document`; pages without a usable text layer are OCR'd with
    `ocr` (or named in `warnings` when `ocr` is None or fails).

    The text layer of every page is read first; then the scanned pages are OCR'd together
    (in parallel when the engine allows), within the time the running job's clock gives
    them (`extract/budget.py`): pages that time did not allow stay empty and are named in
    one warning, and the pages read are kept.

    Raises ReadError for encrypted, damaged or oversized documents."""
    doc = _open(path)
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise ReadError(f"too many pages ({count}, limit {MAX_PAGES})")
        pages: list[Page] = []
        scans: list[int] = []  # 0-based indexes of the pages to OCR
        warnings: list[tuple[int, str]] = []  # (page, warning), sorted by page at the end
        for index in range(count):
            number = index + 1
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                warnings.append((number, f"page {number} could not be read"))
                pages.append(Page(number, 0.0, 0.0, ()))
                continue
            try:
                width, height = _geometry(page)
                chars = _text_layer(page, height)
                paths, image_share = _count_objects(page, width * height)
                if image_share > 0 and (
                    not usable_text([c.text for c in chars])
                    or (len(chars) < FEW_CHARS and image_share >= SCAN_IMAGE_SHARE)
                ):
                    if ocr is not None:
                        scans.append(index)
                        pages.append(Page(number, width, height, ()))  # filled in by _ocr_pages
                        continue
                    warnings.append((number, f"page {number} is a scan and no OCR engine is available"))
                    chars = []
                chars = [c for c in chars if printable(c.text)]
                tables = ruled_tables(page, height) if paths >= MIN_PATHS_FOR_TABLES and chars else ()
                pages.append(Page(number, width, height, tuple(chars), tables))
            finally:
                page.close()
        ocr_pages: list[int] = []
        if scans and ocr is not None:
            ocr_pages = _ocr_pages(doc, scans, ocr, pages, warnings)
    finally:
        doc.close()
    document = lay_out(pages)
    ordered = tuple(text for _, text in sorted(warnings, key=lambda w: w[0]))
    return dataclasses.replace(document, ocr_pages=tuple(ocr_pages), warnings=ordered)


def _ocr_pages(
    doc: pdfium.PdfDocument, scans: list[int], engine: OcrEngine, pages: list[Page], warnings: list[tuple[int, str]]
) -> list[int]:
    """OCR of the pages at `scans` (0-based), written into `pages`; returns the 1-based
    numbers of the pages read. Failures and pages left unread are added to `warnings`."""
    clock = budget.current()
    deadline = clock.ocr_deadline(len(scans)) if clock is not None else None
    now = clock.now if clock is not None else time.monotonic
    dpi = getattr(engine, "dpi", OCR_DPI)
    scales: dict[int, float] = {}

    def images() -> Iterator[tuple[int, Image]]:
        for index in scans:
            page = doc[index]
            try:
                image, scales[index] = render_page(page, dpi)
            finally:
                page.close()
            yield index, image

    results = recognise_pages(engine, images(), deadline=deadline, now=now)
    read: list[int] = []
    unread: list[int] = []
    for index in scans:
        number, blank = index + 1, pages[index]
        found = results.get(index)
        if found is None:
            unread.append(number)
        elif isinstance(found, OcrUnavailable):
            warnings.append((number, f"page {number} is a scan; OCR failed: {found}"))
        else:
            chars = [c for c in chars_from_runs(found, 1 / scales[index]) if printable(c.text)]
            tables = ocr_tables(chars, number)  # a scan has no drawn rules to follow
            pages[index] = Page(number, blank.width, blank.height, tuple(chars), tables, ocr=True)
            read.append(number)
    if unread:
        warnings.append((unread[0], budget.unread_pages_warning(unread, len(pages))))
    return read


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise ReadError(_open_failure(path, str(err))) from None


# The PDF version of the header. Example: `%PDF-2.0`
PDF_VERSION = re.compile(rb"%PDF-(\d\.\d)")
# An encryption dictionary named in a trailer or cross-reference stream. Example: `/Encrypt 12 0 R`
ENCRYPT_KEY = re.compile(rb"/Encrypt\b")


def _open_failure(path: Path, message: str) -> str:
    """The one-line reason pdfium could not open `path`. pypdfium2 also fails a document
    that opened but has no page, quoting pdfium's last error, which is then stale: the
    code of an earlier file's failure, or "success" (it was shown as "damaged PDF: success"
    for encrypted and PDF 2.0 files). So the file is opened once more to tell the two
    apart, and a document without pages gets its cause from the file itself."""
    document = pdfium_c.FPDF_LoadDocument((str(path) + "\x00").encode("utf-8"), None)
    if document:  # it opens: it has no page
        pdfium_c.FPDF_CloseDocument(document)
        return _no_page_cause(path)
    code = pdfium_c.FPDF_GetLastError()  # set by this failure
    if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in message.lower():
        return "encrypted PDF (password required)"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted PDF (unsupported security handler)"
    found = PDFIUM_REASON.search(message)
    reason = found.group(1).strip().rstrip(".").lower() if found else message
    return f"damaged PDF: {reason}"


def _no_page_cause(path: Path) -> str:
    """Why a PDF pdfium opens shows no page: encrypted, PDF 2.0, or none in its page tree."""
    data = path.read_bytes()
    version = PDF_VERSION.search(data[:1024])
    if ENCRYPT_KEY.search(data):
        return "encrypted PDF (no page could be decrypted)"
    if version and version.group(1).startswith(b"2"):
        return f"PDF {version.group(1).decode()} document without a page this reader can open"
    return "damaged PDF: no pages"


def _text_layer(page: pdfium.PdfPage, height: float) -> list[Char]:
    """The page's printed characters with their loose (font) boxes; whitespace (including
    the spaces and line breaks pdfium generates itself) is left out, and remembered as
    `space_before` of the next character."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        rect = pdfium_c.FS_RECTF()
        chars: list[Char] = []
        space = False
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                continue
            text = "-" if code == SOFT_HYPHEN_MARK else chr(code)
            if text.isspace():  # pdfium generates only spaces and line breaks: all skipped here
                space = text in " \u00a0"  # a line break (generated \r\n) is not a word space
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
                continue
            x0, x1 = min(rect.left, rect.right), max(rect.left, rect.right)
            y0, y1 = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
            size = y1 - y0
            if size <= 0 or x1 <= x0:
                continue
            chars.append(Char(text, x0, height - y1, x1, height - y0, size, space))
            space = False
        return chars
    finally:
        textpage.close()


def _geometry(page: pdfium.PdfPage) -> tuple[float, float]:
    """(width, height) as pdfplumber measures them: the MediaBox's size, `top` counted
    down from its top edge."""
    try:
        x0, y0, x1, y1 = page.get_mediabox()
    except pdfium.PdfiumError:
        return page.get_size()
    return abs(x1 - x0), abs(y1 - y0)


def _count_objects(page: pdfium.PdfPage, area: float) -> tuple[int, float]:
    """(drawn paths, share of the page covered by images) among the top-level objects;
    a form XObject counts as an image when it is large (scanners wrap images in forms)."""
    paths = 0
    covered = 0.0
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                covered += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
            else:
                covered += 1.0
    return paths, min(1.0, covered / area) if area > 0 else 0.0


def ruled_tables(page: pdfium.PdfPage, height: float) -> tuple[tuple[tuple[CellBox | None, ...], ...], ...]:
    """The page's ruled tables as rows of cell boxes (None where a merged cell spans).

    The ruling lines come from pdfium's path objects (a thin path is one edge, a
    rectangle four); pdfplumber's table algorithm (snap and join edges, intersections,
    cells, tables) turns them into cells, without pdfplumber parsing the page again."""
    from pdfplumber.table import Table as PlumberTable
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = _ruling_edges(page, height)
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return ()
    edges = merge_edges(edges, TABLE_TOLERANCE, TABLE_TOLERANCE, TABLE_TOLERANCE, TABLE_TOLERANCE)
    cells = intersections_to_cells(edges_to_intersections(edges, TABLE_TOLERANCE, TABLE_TOLERANCE))
    tables = []
    for group in cells_to_tables(cells):
        rows = PlumberTable(None, group).rows
        if len(rows) >= 2 or (rows and len(rows[0].cells) >= 2):
            tables.append(tuple(tuple(_cell(c) for c in row.cells) for row in rows))
    return tuple(tables)


def _ruling_edges(page: pdfium.PdfPage, height: float) -> list[dict[str, object]]:
    """Horizontal and vertical edges drawn on the page, in pdfplumber's edge form."""
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    edges: list[dict[str, object]] = []

    def edge(orientation: str, x0: float, y_top: float, x1: float, y_bottom: float) -> None:
        edges.append({
            "orientation": orientation, "x0": x0, "x1": x1,
            "top": height - y_top, "bottom": height - y_bottom,
            "width": x1 - x0, "height": y_top - y_bottom,
        })

    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        w, h = x1 - x0, y1 - y0
        if w <= EDGE_THICKNESS < h:
            x = (x0 + x1) / 2
            edge("v", x, y1, x, y0)
        elif h <= EDGE_THICKNESS < w:
            y = (y0 + y1) / 2
            edge("h", x0, y, x1, y)
        elif w > EDGE_THICKNESS and h > EDGE_THICKNESS and pdfium_c.FPDFPath_CountSegments(obj) in (4, 5):
            edge("h", x0, y1, x1, y1)  # a rectangle: its four sides
            edge("h", x0, y0, x1, y0)
            edge("v", x0, y1, x0, y0)
            edge("v", x1, y1, x1, y0)
    return edges


def _cell(cell: tuple[float, float, float, float] | None) -> CellBox | None:
    return None if cell is None else (float(cell[0]), float(cell[1]), float(cell[2]), float(cell[3]))
