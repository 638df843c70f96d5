"""Reading a DOCX: paragraphs and tables of the body in document order (python-docx).

A DOCX has no pages or positions: every character is on page 1 and has no box.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from extract.model import Document, ReadError, Table


def read_docx(path: Path) -> Document:
    """The body's paragraphs (empty ones dropped) and tables (one row per line, cells
    separated by '\\t') as a `Document`. Raises ReadError for a damaged file."""
    import docx  # here: PDF-only runs never pay for it
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

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
            text = _clean(block.text)
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
