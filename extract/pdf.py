"""Reading a PDF: the text layer through pypdfium2 (character by character, with boxes),
pdfplumber only for pages that draw ruling lines (table cells), and OCR for pages that are
images without usable text. Layout (lines, paragraphs, headers) is `layout.py`'s job.

Coordinates are pdfplumber's: PDF points, `top` measured from the top of the page.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.layout import CellBox, Char, Page, lay_out, usable_text
from extract.model import Document, ReadError
from extract.ocr import OcrEngine, OcrUnavailable, ocr_page

# pypdfium2's load error. Example: `Failed to load document (PDFium: Data format error).`
PDFIUM_REASON = re.compile(r"\(PDFium: ([^)]*)\)")
MAX_PAGES = 2000  # more than any ruling; a page-tree bomb stops here
MIN_PATHS_FOR_TABLES = 4  # a page with fewer drawn paths has no ruled table
OCR_DPI = 300


def read_pdf(path: Path, *, ocr: OcrEngine | None) -> Document:
    """The PDF's text as a `Document`; pages without a usable text layer are OCR'd with
    `ocr` (or named in `warnings` when `ocr` is None or fails).

    Raises ReadError for encrypted, damaged or oversized documents."""
    doc = _open(path)
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise ReadError(f"too many pages ({count}, limit {MAX_PAGES})")
        pages: list[Page] = []
        ocr_pages: list[int] = []
        warnings: list[str] = []
        table_pages: list[int] = []
        for index in range(count):
            number = index + 1
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                warnings.append(f"page {number} could not be read")
                pages.append(Page(number, 0.0, 0.0, ()))
                continue
            try:
                width, height = page.get_size()
                chars = _text_layer(page, height)
                paths, images = _count_objects(page)
                if not usable_text([c.text for c in chars]) and images:
                    if ocr is None:
                        warnings.append(f"page {number} is a scan and no OCR engine is available")
                        chars = []
                    else:
                        try:
                            chars = ocr_page(page, ocr, dpi=OCR_DPI)
                            ocr_pages.append(number)
                        except OcrUnavailable as err:
                            warnings.append(f"page {number} is a scan; OCR failed: {err}")
                            chars = []
                elif paths >= MIN_PATHS_FOR_TABLES and chars:
                    table_pages.append(index)
                pages.append(Page(number, width, height, tuple(chars)))
            finally:
                page.close()
        if table_pages:
            pages = _add_tables(path, pages, table_pages, warnings)
    finally:
        doc.close()
    document = lay_out(pages)
    return dataclasses.replace(document, ocr_pages=tuple(ocr_pages), warnings=tuple(warnings))


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise ReadError("encrypted PDF (password required)") from None
        found = PDFIUM_REASON.search(message)
        reason = found.group(1).strip().rstrip(".").lower() if found else message
        raise ReadError(f"damaged PDF: {reason}") from None


def _text_layer(page: pdfium.PdfPage, height: float) -> list[Char]:
    """The page's printed characters with their loose (font) boxes; whitespace and the
    characters pdfium generates itself are left out."""
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
            text = chr(code)
            if text.isspace():
                space = text in " \u00a0"  # a line break (generated \r\n) is not a word space
                continue
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
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


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    """(drawn paths, images) among the page's top-level objects."""
    paths = images = 0
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            images += 1
    return paths, images


def _add_tables(path: Path, pages: list[Page], indexes: list[int], warnings: list[str]) -> list[Page]:
    """Pages with the cell boxes of their ruled tables, found by pdfplumber (only on the
    pages listed: pdfplumber parses a page's content again, so it is used where it pays)."""
    import pdfplumber  # here: most files never need it

    result = list(pages)
    try:
        with pdfplumber.open(path) as pdf:
            for index in indexes:
                found = pdf.pages[index].find_tables()
                tables = tuple(
                    tuple(tuple(_cell(c) for c in row.cells) for row in t.rows)
                    for t in found
                    if len(t.rows) >= 2 or (t.rows and len(t.rows[0].cells) >= 2)
                )
                if tables:
                    result[index] = dataclasses.replace(pages[index], tables=tables)
    except Exception as err:  # noqa: BLE001 - pdfminer raises anything on damaged files
        warnings.append(f"tables not read: {type(err).__name__}")
    return result


def _cell(cell: tuple[float, float, float, float] | None) -> CellBox | None:
    return None if cell is None else (float(cell[0]), float(cell[1]), float(cell[2]), float(cell[3]))
