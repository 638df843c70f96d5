"""Tables on scanned pages, rebuilt from the OCR'd characters.

A scan has no drawn rules the PDF reader could follow, and finding the rules in the image
fails on slightly rotated, noisy pages. Product tables, though, announce themselves: a header
line made of column labels (`产品名称 规格 批准文号 包装 生产企业`). Its labels give the
columns (boundaries halfway between neighbouring label centres); the lines below it, up to
the first line of prose, are the rows; a row starts where the first column has text (cells
that wrap over several lines continue the row). The result is the same cell boxes
`layout.lay_out` takes from a ruled table, so the rest of the pipeline is unchanged. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.layout import CellBox, Char, group_lines

# Column labels of product tables. Example header: "被请求人 产品名称 规格 批准文号 包装 生产企业"
HEADER_LABEL = re.compile(
    r"序号|被请求人|被告|产品名称|药品名称|器械名称|通用名称|通用名|商品名|规格型号|型号规格|规格|型号|"
    r"批准文号|注册证编号|注册证号|包装规格|包装|生产企业|生产厂家|上市许可持有人|注册人|医保代码|医保编码|"
    r"挂网编码|产品编码|是否落入|是否侵权|比对结论|结论"
)
MIN_COLUMNS = 3  # fewer labels than this is prose that names a few of them
MIN_LABEL_SHARE = 0.7  # share of a header line's characters that belong to labels
MAX_ROW_LINES = 40
# A line of prose ends the table: a full stop, or a comma after a dozen characters
# ("康泰公司的恩格列净二甲双胍缓释片为双层片，其中…"); packagings such as "1支/袋，10袋/盒" come earlier.
PROSE = re.compile(r"。|^.{12,}，")
PROSE_RUN = 15  # a line this long without a wide gap is prose too
WIDE_GAP_EM = 1.0


def ocr_tables(chars: Sequence[Char], page: int) -> tuple[tuple[tuple[CellBox, ...], ...], ...]:
    """Cell boxes of the product tables found among a scanned page's characters."""
    lines = group_lines(chars, page, measured=False)
    tables = []
    index = 0
    while index < len(lines):
        columns = _columns(lines[index].chars)
        if columns is None:
            index += 1
            continue
        body_end = index + 1
        while body_end < len(lines) and body_end - index <= MAX_ROW_LINES and not _is_prose(lines[body_end].chars):
            body_end += 1
        if body_end == index + 1:
            index += 1
            continue
        table = _rows(lines[index : body_end], columns)
        if len(table) >= 2:
            tables.append(table)
        index = body_end
    return tuple(tables)


def _is_prose(line: Sequence[Char]) -> bool:
    """A line of running text: a full stop, an early comma, or a long run without cell gaps."""
    text = "".join(c.text for c in line)
    if PROSE.search(text):
        return True
    gaps = [b.x0 - a.x1 for a, b in zip(line, line[1:], strict=False)]
    em = max((c.bottom - c.top for c in line), default=1.0)
    return len(line) >= PROSE_RUN and all(g < WIDE_GAP_EM * em for g in gaps)


def _columns(line: Sequence[Char]) -> list[tuple[float, float]] | None:
    """Column x-ranges from a header line, or None when the line is not a header."""
    text = "".join(c.text for c in line)
    labels = list(HEADER_LABEL.finditer(text))
    if len(labels) < MIN_COLUMNS or sum(m.end() - m.start() for m in labels) < MIN_LABEL_SHARE * len(text):
        return None
    centres = [(line[m.start()].x0 + line[m.end() - 1].x1) / 2 for m in labels]
    if any(b <= a for a, b in zip(centres, centres[1:], strict=False)):
        return None
    bounds = [(a + b) / 2 for a, b in zip(centres, centres[1:], strict=False)]
    left = [float("-inf"), *bounds]
    right = [*bounds, float("inf")]
    return list(zip(left, right, strict=True))


def _column_of(ch: Char, columns: list[tuple[float, float]]) -> int:
    centre = (ch.x0 + ch.x1) / 2
    return next(i for i, (x0, x1) in enumerate(columns) if x0 <= centre < x1)


def _rows(lines: Sequence, columns: list[tuple[float, float]]) -> tuple[tuple[CellBox, ...], ...]:
    """Rows of cell boxes: the header line, then one row per line whose first column has text."""
    x0 = min(c.x0 for ln in lines for c in ln.chars) - 1
    x1 = max(c.x1 for ln in lines for c in ln.chars) + 1
    first_column = min((_column_of(c, columns) for ln in lines[1:] for c in ln.chars), default=0)
    starts = [0] + [
        i for i, ln in enumerate(lines) if i > 0 and any(_column_of(c, columns) == first_column for c in ln.chars)
    ]
    if len(starts) < 2 or starts[1] != 1:
        return ()
    rows = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        top = lines[start].top - 1
        bottom = (lines[end].top - 1) if end < len(lines) else lines[end - 1].bottom + 1
        rows.append(
            tuple((max(cx0, x0), top, min(cx1, x1), bottom) for cx0, cx1 in columns)
        )
    return tuple(rows)
