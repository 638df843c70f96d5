"""Reading a DOCX: paragraphs and tables of the body in document order (python-docx).

A DOCX has no pages or positions: every character is on page 1 and has no box.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from extract.model import Document, ReadError, Table

MAX_PARTS = 1000  # files inside one DOCX; a ruling has a few dozen, with images a few hundred
MAX_INFLATED_MB = 100  # all parts decompressed; a 100,000-paragraph ruling is 13 MB
MAX_RATIO = 200  # decompressed : compressed of one part over 1 MB; text XML is 5-50, a bomb 1000
RATIO_FROM_BYTES = 1024 * 1024  # small parts may compress better without harm
CHUNK = 1024 * 1024


def check_docx(path: Path) -> None:
    """Before any XML is parsed: ReadError when the DOCX (a ZIP file) has more than
    MAX_PARTS parts, declares more than MAX_INFLATED_MB decompressed, a part compressed more
    than MAX_RATIO:1, or actually inflates past MAX_INFLATED_MB (counted while inflating,
    so a part that declares a false size is stopped too). A bomb whose document.xml
    inflated to 1.15 GB was parsed until the memory cap stopped it, reported as "damaged
    DOCX: XMLSyntaxError"."""
    limit = MAX_INFLATED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise ReadError(f"DOCX has too many parts ({len(parts)}, limit {MAX_PARTS})")
            declared = 0
            for part in parts:
                declared += part.file_size
                if declared > limit:
                    raise ReadError(f"DOCX too large when decompressed ({part.filename} declares "
                                    f"{part.file_size / 1024 / 1024:.0f} MB, limit {MAX_INFLATED_MB} MB in all)")
                if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                    ratio = part.file_size // max(part.compress_size, 1)
                    raise ReadError(f"DOCX compression ratio too high ({part.filename} {ratio}:1, limit {MAX_RATIO}:1)")
            inflated = 0
            for part in parts:
                with archive.open(part) as stream:
                    while block := stream.read(CHUNK):
                        inflated += len(block)
                        if inflated > limit:
                            raise ReadError(f"DOCX too large when decompressed ({part.filename} inflates "
                                            f"past the limit of {MAX_INFLATED_MB} MB in all)")
    except zipfile.BadZipFile as err:  # a part whose size or checksum is false says which
        detail = " ".join(str(err).split())[:120]
        raise ReadError(f"damaged DOCX: BadZipFile ({detail})" if detail else "damaged DOCX: BadZipFile") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError) as err:
        raise ReadError(f"damaged DOCX: {type(err).__name__}") from None
    except zlib.error:
        raise ReadError("damaged DOCX: compressed data is corrupt") from None


def read_docx(path: Path) -> Document:
    """The body's paragraphs (empty ones dropped) and tables (one row per line, cells
    separated by '\\t') as a `Document`. Raises ReadError for a damaged file or one that
    `check_docx` refuses (checked first)."""
    import docx  # here: PDF-only runs never pay for it
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    check_docx(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise ReadError(f"damaged DOCX: {type(err).__name__}") from None
    except Exception as err:  # noqa: BLE001 - lxml and python-docx raise their own kinds
        raise ReadError(f"damaged DOCX: {type(err).__name__}") from None

    parts: list[str] = []
    tables: list[Table] = []
    offset = 0

    def add(text: str) -> None:
        nonlocal offset
        if parts:
            parts.append("\n")
            offset += 1
        parts.append(text)
        offset += len(text)

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _clean(paragraph_text(block._p))
            if text:
                add(text)
        elif isinstance(block, DocxTable):
            rows = []
            for row in block.rows:
                cells = [_clean(cell.text) for cell in _unique_cells(row.cells)]
                if not any(cells):
                    continue
                add("")
                spans = []
                for i, cell in enumerate(cells):
                    if i:
                        parts.append("\t")
                        offset += 1
                    spans.append((offset, offset + len(cell)))
                    parts.append(cell)
                    offset += len(cell)
                rows.append(tuple(spans))
            if rows:
                tables.append(Table(cells=tuple(rows), page=1))
    text = "".join(parts)
    return Document(
        text=text,
        boxes=(None,) * len(text),
        pages=1,
        tables=tuple(tables),
        page_of_char=(1,) * len(text),
    )


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RUN, HYPERLINK = W + "r", W + "hyperlink"
# the run children python-docx turns into text (`CT_R.text`): t, tab, br, cr, ptab, noBreakHyphen
RUN_TEXT = frozenset(W + name for name in ("t", "tab", "br", "cr", "ptab", "noBreakHyphen"))


def paragraph_text(p) -> str:  # type: ignore[no-untyped-def] - python-docx's CT_P
    """`Paragraph.text` of python-docx, by walking the children instead of two XPath
    queries per paragraph and run (a third of the reading time of a 100,000-paragraph
    DOCX): runs and hyperlinks' runs, each child as python-docx writes it (`str`)."""
    parts = []
    for child in p:
        runs = (child,) if child.tag == RUN else (r for r in child if r.tag == RUN) if child.tag == HYPERLINK else ()
        for run in runs:
            parts.extend(str(e) for e in run if e.tag in RUN_TEXT)
    return "".join(parts)


def _unique_cells(cells):
    """A merged cell appears once per grid column it spans; keep it once."""
    seen: list[object] = []
    for cell in cells:
        if not any(cell._tc is other for other in seen):
            seen.append(cell._tc)
            yield cell


# A wide alignment gap: two or more ideographic spaces. Example: `审　判　长　　张某某`
WIDE_GAP = re.compile(r"\u3000{2,}")
# A spaced title: single CJK characters set apart. Example: `民 事 判 决 书`, `判　决　书`
SPACED_TITLE = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000]+){1,11}[\u4e00-\u9fff]$")


def _clean(text: str) -> str:
    """As the PDF reader writes it: spaced titles rejoined, single ideographic spaces
    dropped, a wide gap kept as one space, line breaks inside a paragraph removed."""
    lines = []
    for line in text.replace("\t", " ").splitlines():
        line = line.strip(" \u3000")
        if SPACED_TITLE.match(line):
            line = re.sub(r"[ \u3000]+", "", line)
        line = WIDE_GAP.sub(" ", line).replace("\u3000", "")
        lines.append(" ".join(line.split()))
    return "".join(line for line in lines if line)
