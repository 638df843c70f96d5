"""From positioned characters to a `Document`: lines, running headers and footers,
paragraphs and tables. Pure: the PDF and OCR readers (`pdf.py`, `ocr.py`) supply the
characters; nothing here touches a file.

The flow, per document:
1. each page's characters are grouped into lines (by vertical centre, then left to right);
   characters inside a detected table's cells are kept apart as table cells;
2. lines repeated at the same place on most pages (court name, case number) and page
   numbers in the top/bottom bands are dropped;
3. lines are joined into paragraphs: a line that ends before the right margin or with
   。：；！？ ends one, an indented line starts one, a full line runs on into the next.
Whitespace characters of the source are never copied: the spacing the reader needs (one
space between Latin words, one for a wide alignment gap) is inserted with a `None` box,
which also rejoins spaced titles (`民 事 判 决 书` → `民事判决书`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extract.model import Box, Document, Table

CellBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True, slots=True)
class Char:
    """One printed character (never whitespace) and its box on the page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # em size in points (the box height when the font size is unknown)
    space_before: bool = False  # the source has a space (or a gap pdfium saw as one) before it


@dataclass(frozen=True, slots=True)
class Page:
    """What a reader found on one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: tuple[Char, ...]
    tables: tuple[tuple[tuple[CellBox | None, ...], ...], ...] = ()  # per table: rows of cell boxes
    ocr: bool = False  # characters from OCR: their widths are estimates, not glyph widths


@dataclass
class _Line:
    page: int
    chars: list[Char]
    size: float
    measured: bool = True  # False for OCR'd lines: character widths are estimates
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    em: float = field(init=False)  # the width of a CJK character: Latin fonts' boxes are taller
    em_known: bool = field(init=False)  # False: no CJK character, `em` is the box height

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda c: c.x0)
        self.x0 = self.chars[0].x0
        self.x1 = max(c.x1 for c in self.chars)
        self.top = min(c.top for c in self.chars)
        self.bottom = max(c.bottom for c in self.chars)
        widths = sorted(
            c.x1 - c.x0 for c in self.chars if self.measured and is_cjk(c.text) and c.text not in NO_LINE_START
        )
        self.em = widths[len(widths) // 2] if widths else self.size
        self.em_known = bool(widths)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


@dataclass
class _TableBlock:
    page: int
    top: float
    rows: list[list[list[_Line]]]  # rows → cells → lines in the cell


# Characters that end a paragraph when they end a line. Example: `……判决如下：`
PARAGRAPH_ENDERS = frozenset("。：；！？:;!?")
# Closing marks that may follow the ender: `……维持原判。”`
CLOSERS = frozenset("”’」』）)》〉】")

# Page numbers as courts and offices print them. Examples: `- 3 -`, `— 3 —`, `－3－`,
# `第3页 共8页`, `第 3 页`, `共8页 第3页`, `3 / 8`, `3`.
PAGE_NUMBER = re.compile(
    r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]"
    r"|第\s*\d{1,4}\s*页\s*[,，]?\s*(?:共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4})$"
)
# Digits, replaced when comparing running headers: `第3页` and `第4页` are the same header.
DIGITS = re.compile(r"\d+")

BAND = 0.15  # share of the page height, at top and bottom, where headers and footers live
WIDE_GAP_EM = 1.5  # a gap this wide inside a line is kept as one space (`审判长　　张某某`)
WORD_GAP_EM = 0.15  # between Latin letters/digits, a gap this wide is a word space


def is_cjk(ch: str) -> bool:
    """True for Han characters, CJK punctuation and full-width forms."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _wordlike(ch: str) -> bool:
    """Part of a Latin word, number or code: ASCII letters, digits and the punctuation
    inside them (`0.75`, `Co.,Ltd.`, `5mg/500mg`), or a non-CJK letter (`μ`)."""
    if ch.isascii():
        return ch.isalnum() or ch in "%.,-/()'\"&+"
    return not is_cjk(ch) and ch.isalpha()


# --- lines --------------------------------------------------------------------------------


def _in_box(ch: Char, box: CellBox) -> bool:
    cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def group_lines(chars: Sequence[Char], page: int, *, measured: bool = True) -> list[_Line]:
    """Characters grouped into lines by their vertical centre, lines top to bottom."""
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    lines: list[_Line] = []
    current: list[Char] = []
    centre = size = 0.0
    for ch in ordered:
        cy = (ch.top + ch.bottom) / 2
        if current and abs(cy - centre) <= 0.45 * max(size, ch.size):
            current.append(ch)
            centre += (cy - centre) / len(current)
            size = max(size, ch.size)
            continue
        if current:
            lines.append(_Line(page, current, size, measured))
        current, centre, size = [ch], cy, ch.size
    if current:
        lines.append(_Line(page, current, size, measured))
    return lines


def _page_blocks(page: Page) -> list[_Line | _TableBlock]:
    """The page's lines and tables, top to bottom."""
    rest = list(page.chars)
    blocks: list[_Line | _TableBlock] = []
    for table in page.tables:
        rows: list[list[list[_Line]]] = []
        top = math.inf
        for row in table:
            cells: list[list[_Line]] = []
            for box in row:
                if box is None:
                    continue
                inside = [c for c in rest if _in_box(c, box)]
                if inside:
                    taken = set(map(id, inside))
                    rest = [c for c in rest if id(c) not in taken]
                cells.append(group_lines(inside, page.number, measured=not page.ocr))
                top = min(top, box[1])
            if cells:
                rows.append(cells)
        if rows:
            blocks.append(_TableBlock(page.number, top, rows))
    blocks.extend(group_lines(rest, page.number, measured=not page.ocr))
    blocks.sort(key=lambda b: b.top)
    return blocks


# --- running headers and footers -----------------------------------------------------------


def _band(line: _Line, height: float) -> bool:
    return line.bottom <= height * BAND or line.top >= height * (1 - BAND)


def _header_key(line: _Line) -> tuple[str, int]:
    return DIGITS.sub("#", line.text), round(line.top / 6)


def _similar_elsewhere(line: _Line, others: Sequence[list[_Line]]) -> int:
    """On how many of `others` (band lines of other pages) a line stands at about the same
    height with mostly the same text (OCR reads a header a little differently each time)."""
    text = DIGITS.sub("#", line.text)
    count = 0
    for band_lines in others:
        for other in band_lines:
            if abs(other.top - line.top) > 1.5 * line.size:
                continue
            if SequenceMatcher(None, text, DIGITS.sub("#", other.text), autojunk=False).ratio() >= 0.6:
                count += 1
                break
    return count


def drop_running_lines(pages: Sequence[Page], blocks: list[list[_Line | _TableBlock]]) -> None:
    """Remove, in place, page numbers and lines repeated in the same band position on at
    least half of the pages (and on two or more). Exact repeats are counted over all pages;
    a line without one is compared, loosely, with the nearest pages only."""
    bands = [
        [b for b in page_blocks if isinstance(b, _Line) and _band(b, page.height)]
        for page, page_blocks in zip(pages, blocks, strict=True)
    ]
    keys: Counter[tuple[str, int]] = Counter()
    for band_lines in bands:
        keys.update({_header_key(b) for b in band_lines})
    needed = max(2, math.ceil(len(pages) / 2))

    def running(index: int, line: _Line) -> bool:
        if PAGE_NUMBER.match(line.text) or keys[_header_key(line)] >= needed:
            return True
        near = [bands[j] for j in range(max(0, index - 4), min(len(bands), index + 5)) if j != index]
        return len(near) >= 1 and _similar_elsewhere(line, near) + 1 >= max(2, math.ceil((len(near) + 1) / 2))

    for index, page_blocks in enumerate(blocks):
        drop = {id(b) for b in bands[index] if running(index, b)}
        page_blocks[:] = [b for b in page_blocks if id(b) not in drop]


# --- margins and paragraphs ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Margins:
    left: float
    right: float


def _margins(lines: Sequence[_Line]) -> _Margins | None:
    """The text column: its right edge is where most long lines end (justified text; lines
    with hanging punctuation end further right), its left edge the leftmost start of a line
    that runs to that right edge."""
    long = [ln for ln in lines if len(ln.chars) >= 6]
    if not long:
        return None
    ends = Counter(round(ln.x1 / 3) for ln in long)
    best = max(ends.values())
    if best >= 2:
        key = max(k for k, n in ends.items() if n == best)
        right = max(ln.x1 for ln in long if round(ln.x1 / 3) == key)
    else:
        right = max(ln.x1 for ln in long)
    full = [ln for ln in long if ln.x1 >= right - ln.em]
    left = min(ln.x0 for ln in full) if full else min(ln.x0 for ln in long)
    return _Margins(left, right)


def _ends_paragraph(text: str) -> bool:
    """Whether a line ends with 。：；！？ (possibly followed by closing quotes or brackets)."""
    stripped = text.rstrip("".join(CLOSERS))
    return bool(stripped) and stripped[-1] in PARAGRAPH_ENDERS


def _continues(prev: _Line, nxt: _Line, margins: dict[int, _Margins], indented: bool) -> bool:
    """Whether `nxt` carries on the paragraph that `prev` is in. `indented`: the document
    starts its paragraphs with an indent, so an unindented line after a full one goes on."""
    m_prev, m_next = margins.get(prev.page), margins.get(nxt.page)
    if m_prev is None or m_next is None:
        return False
    known = [ln.em for ln in (prev, nxt) if ln.em_known]
    em = max(known) if known else max(prev.em, nxt.em)
    if nxt.x0 > m_next.left + 1.0 * em or prev.x0 < m_prev.left - 1.0 * em:
        return False  # indented, centred or right-aligned; or outside the column
    if prev.x0 > m_prev.left + 2.5 * em:
        return False  # a centred or right-aligned line stands alone
    if len(known) == 2 and abs(prev.em - nxt.em) > 0.2 * em:
        return False  # a heading or a note in another size
    if prev.page == nxt.page and nxt.top - prev.top > 2.5 * em:
        return False  # space between paragraphs
    room = m_prev.right - prev.x1
    chunk = _first_chunk_width(nxt)
    if _ends_paragraph(prev.text):
        # `统一社会信用代码：` + a code too long for the rest of the line is a wrap, and so is
        # `。` at the margin when paragraphs are indented and the next line is not
        latin_wrap = room > 1.5 * em and chunk > room and _wordlike(nxt.chars[0].text)
        return latin_wrap or (indented and room < 1.0 * em)
    return room <= chunk + 0.3 * em  # else it ended early although the next words would fit


# Marks that may not start a line (kinsoku): they move down with the character before them.
NO_LINE_START = frozenset("，。、；：？！”’）》」』】〕,.;:?!)")


def _first_chunk_width(line: _Line) -> float:
    """Width of what could not have been broken off the start of `line`: a Latin word, or
    one CJK character with the punctuation that must follow it."""
    chars = line.chars
    end = 1
    if _wordlike(chars[0].text):
        while end < len(chars) and _wordlike(chars[end].text) and chars[end].x0 - chars[end - 1].x1 < WORD_GAP_EM * chars[end].size:
            end += 1
    while end < len(chars) and chars[end].text in NO_LINE_START:
        end += 1
    return chars[end - 1].x1 - chars[0].x0


def _is_spaced_title(chars: Sequence[Char]) -> bool:
    """`民 事 判 决 书`: a short line of CJK characters set apart by equal gaps."""
    if not 2 <= len(chars) <= 12 or not all(is_cjk(c.text) for c in chars):
        return False
    gaps = [(b.x0 - a.x1) / max(a.size, 1e-6) for a, b in zip(chars, chars[1:], strict=False)]
    return min(gaps) > 0.2 and max(gaps) - min(gaps) < 0.3


class _Writer:
    """Accumulates text, boxes and pages; `span()` marks table cells."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.boxes: list[Box | None] = []
        self.pages: list[int] = []

    def char(self, ch: Char, page: int, top: float, bottom: float) -> None:
        self.text.append(ch.text)
        self.boxes.append(Box(page, ch.x0, top, ch.x1, bottom))
        self.pages.append(page)

    def insert(self, sep: str, page: int) -> None:
        self.text.append(sep)
        self.boxes.append(None)
        self.pages.append(page)

    def line(self, line: _Line) -> None:
        """Write a line's characters, with a space for word gaps and wide gaps."""
        chars = line.chars
        spaced_title = _is_spaced_title(chars)
        for i, ch in enumerate(chars):
            if i and not spaced_title:
                prev = chars[i - 1]
                gap = ch.x0 - prev.x1
                em = max(prev.size, ch.size)
                if gap > WIDE_GAP_EM * em or (
                    (ch.space_before or gap > WORD_GAP_EM * em) and _wordlike(prev.text) and _wordlike(ch.text)
                ):
                    self.insert(" ", line.page)
            # the line's height, not the glyph's: pdfium gives some glyphs (`、`) only their
            # ink box, and an evidence box reads best as a stretch of the line
            self.char(ch, line.page, line.top, line.bottom)

    def join(self, prev: _Line, nxt: _Line) -> None:
        """Between two lines of one paragraph: a space between two Latin words, nothing
        elsewhere. A code or number broken over the lines (`XA10BDE218A` + `001010108261`,
        `ZL20881032934` + `8.9号`) is rejoined: the space goes only between letters, after a
        word without digits."""
        first = nxt.chars[0].text
        word = []
        for ch in reversed(prev.chars):
            if not (ch.text.isascii() and ch.text.isalnum()):
                break
            word.append(ch.text)
        if word and first.isascii() and first.isalpha() and all(c.isalpha() for c in word):
            self.insert(" ", prev.page)

    def __len__(self) -> int:
        return len(self.text)


def _write_table(out: _Writer, block: _TableBlock) -> Table:
    rows = []
    for r, row in enumerate(block.rows):
        if r:
            out.insert("\n", block.page)
        spans = []
        for c, cell in enumerate(row):
            if c:
                out.insert("\t", block.page)
            start = len(out)
            for i, line in enumerate(cell):
                if i:
                    out.join(cell[i - 1], line)
                out.line(line)
            spans.append((start, len(out)))
        rows.append(tuple(spans))
    return Table(cells=tuple(rows), page=block.page)


def _indented_style(blocks: list[list[_Line | _TableBlock]], margins: dict[int, _Margins]) -> bool:
    """Whether body paragraphs start indented by about two characters: several lines start
    there and they follow lines that ended early."""
    starts = 0
    for page_blocks in blocks:
        for line in page_blocks:
            m = margins.get(line.page)
            if isinstance(line, _Line) and m and 1.5 * line.em <= line.x0 - m.left <= 2.5 * line.em:
                starts += 1
    return starts >= 2


def lay_out(pages: Sequence[Page]) -> Document:
    """The pages' text in reading order, as the `Document` contract describes."""
    blocks = [_page_blocks(p) for p in pages]
    drop_running_lines(pages, blocks)
    margins: dict[int, _Margins] = {}
    all_lines = [b for pb in blocks for b in pb if isinstance(b, _Line)]
    whole = _margins(all_lines)
    for page, page_blocks in zip(pages, blocks, strict=True):
        lines = [b for b in page_blocks if isinstance(b, _Line)]
        own = _margins(lines) if len(lines) >= 4 else None
        if own is not None or whole is not None:
            margins[page.number] = own or whole  # type: ignore[assignment]

    indented = _indented_style(blocks, margins)
    out = _Writer()
    tables: list[Table] = []
    prev: _Line | _TableBlock | None = None
    for block in (b for pb in blocks for b in pb):
        if prev is not None:
            if isinstance(prev, _Line) and isinstance(block, _Line) and _continues(prev, block, margins, indented):
                out.join(prev, block)
            else:
                out.insert("\n", out.pages[-1] if out.pages else block.page)
        if isinstance(block, _TableBlock):
            tables.append(_write_table(out, block))
        else:
            out.line(block)
        prev = block
    return Document(
        text="".join(out.text),
        boxes=tuple(out.boxes),
        pages=len(pages),
        tables=tuple(tables),
        page_of_char=tuple(out.pages),
    )


def printable(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol: not a control, private-use, unassigned
    or replacement character."""
    return ch != "\ufffd" and unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cn", "Cs")


def usable_text(chars: Sequence[str]) -> bool:
    """Whether a page's text layer reads as text: most characters are printable."""
    if not chars:
        return False
    return sum(1 for ch in chars if printable(ch)) >= 0.6 * len(chars)
