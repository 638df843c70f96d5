"""Typesetting a parsed source as a DOCX document in one of the layouts.

`render_docx(source, layout)` builds the python-docx `Document` in memory (pure apart from
python-docx itself); `save_docx(document, path)` writes it with fixed ZIP timestamps and
fixed core properties, so the same source gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from corpus.layouts import Align, Layout
from corpus.markup import PageBreak, Paragraph, Source, Table

# A fixed moment for every timestamp inside the DOCX (ZIP entries, core properties).
FIXED_MOMENT = datetime(2099, 12, 31, 0, 0, 0)
ZIP_MOMENT = (2099, 12, 31, 0, 0, 0)

ALIGNMENTS: dict[Align, WD_ALIGN_PARAGRAPH] = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Elements of `w:rPr` that come after `w:spacing` in the schema's order.
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip

# Footer texts around the page number; `None` marks where a field goes.
FOOTER_PIECES: dict[str, tuple[str | None, ...]] = {
    "dash": ("- ", "PAGE", " -"),
    "page_of": ("第", "PAGE", "页 共", "NUMPAGES", "页"),
    "plain": ("PAGE",),
    "emdash": ("— ", "PAGE", " —"),
    "none": (),
}
FIELDS = ("PAGE", "NUMPAGES")
# A line holding a case or document number: `（2099）最高法知民终1号`, `国知药裁 〔2099〕 21 号`,
# `赣医保函〔2099〕27号` (a year in brackets, later 号).
CASE_NUMBER_LINE_RE = re.compile(r"[（(〔【\[]\s*\d{4}\s*[）)〕】\]].*号")

FOOTER_SIZE = 12.0
HEADER_SIZE = 10.5


def render_docx(source: Source, layout: Layout) -> DocxDocument:
    """The source typeset in `layout`: A4, fonts, spacing, header and footer, tables."""
    document = docx.Document()
    _set_defaults(document, layout)
    _set_page(document, layout)
    case_number = _case_number_text(source)
    authority = next((b.text for b in source.blocks if isinstance(b, Paragraph) and b.kind == "center"), None)
    header_text = {"authority": authority, "case_number": case_number, "none": None}[layout.header]
    _set_header_footer(document, layout, header_text)
    before_body = True
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:  # the template's empty first paragraph is not wanted
        body._p.getparent().remove(body._p)
    for block in source.blocks:
        if isinstance(block, PageBreak):
            _add_page_break(document)
        elif isinstance(block, Table):
            _add_table(document, block, layout)
        else:
            if block.kind == "body":
                before_body = False
            heading = before_body and not CASE_NUMBER_LINE_RE.search(block.text)
            _add_paragraph(document, block, layout, heading=heading, before_body=before_body)
    return document


def save_docx(document: DocxDocument, path: Path) -> None:
    """Write `document` to `path` with fixed timestamps, so equal documents give equal bytes."""
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.created = FIXED_MOMENT
    properties.modified = FIXED_MOMENT
    properties.last_printed = FIXED_MOMENT
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as fixed:
        for info in original.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_MOMENT)
            entry.compress_type = zipfile.ZIP_DEFLATED
            fixed.writestr(entry, original.read(info.filename))


def _case_number_text(source: Source) -> str | None:
    """The case number line above the first body paragraph (a bracketed year … 号), if any."""
    for block in source.blocks:
        if isinstance(block, Paragraph):
            if block.kind == "body":
                return None
            if CASE_NUMBER_LINE_RE.search(block.text):
                return block.text
    return None


def _set_fonts(run_properties, latin: str, east_asian: str) -> None:
    """Name the fonts explicitly on an `w:rPr` (no theme fonts)."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_defaults(document: DocxDocument, layout: Layout) -> None:
    """Document defaults: the layout's fonts, Chinese language, no paragraph spacing."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults, layout.latin_font, layout.body_font)
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    normal = document.styles["Normal"]
    normal.font.size = Pt(layout.body_size)
    _set_fonts(normal.element.get_or_add_rPr(), layout.latin_font, layout.body_font)
    _set_line_spacing(normal.paragraph_format, layout.line_spacing)


def _set_line_spacing(paragraph_format, spacing: float) -> None:
    """Exact spacing in points when over 3, otherwise a multiple of single spacing."""
    if spacing > 3:
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = Pt(spacing)
    else:
        paragraph_format.line_spacing = spacing


def _set_page(document: DocxDocument, layout: Layout) -> None:
    """A4 with the layout's margins; the first page has its own (empty) header."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = layout.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(min(15, top / 2))
    section.footer_distance = Mm(min(15, bottom / 2))


def _set_header_footer(document: DocxDocument, layout: Layout, header_text: str | None) -> None:
    """Running header from page 2 on; page-number footer on every page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    outside = layout.footer_align == "outside"
    if outside:
        document.settings.odd_and_even_pages_header_footer = True
    headers = [section.header] + ([section.even_page_header] if outside else [])
    for header in headers:
        paragraph = header.paragraphs[0]
        if header_text:
            _write_running_header(paragraph, header_text, layout)
    section.first_page_header.is_linked_to_previous = False
    footers = [(section.footer, "right"), (section.first_page_footer, "right")]
    if outside:
        footers.append((section.even_page_footer, "left"))
    for footer, outside_side in footers:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        align = outside_side if outside else layout.footer_align
        paragraph.alignment = ALIGNMENTS[align]
        for piece in FOOTER_PIECES[layout.footer]:
            if piece in FIELDS:
                _add_field(paragraph, piece, layout)
            else:
                _add_run(paragraph, piece, layout, size=FOOTER_SIZE)


def _write_running_header(paragraph: DocxParagraph, text: str, layout: Layout) -> None:
    """The header line, optionally ruled below."""
    paragraph.alignment = ALIGNMENTS[layout.header_align]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _add_run(paragraph, text, layout, size=HEADER_SIZE)
    if layout.header_rule:
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            bottom.set(qn(f"w:{key}"), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)


def _add_run(
    paragraph: DocxParagraph,
    text: str,
    layout: Layout,
    size: float,
    font: str | None = None,
    bold: bool = False,
):
    """A run with explicit fonts and size."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    _set_fonts(run._r.get_or_add_rPr(), layout.latin_font, font or layout.body_font)
    return run


def _add_field(paragraph: DocxParagraph, instruction: str, layout: Layout) -> None:
    """A complex field (PAGE, NUMPAGES) that the renderer fills in."""
    for kind, payload in (
        ("begin", None),
        (None, f" {instruction} "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = _add_run(paragraph, "", layout, size=FOOTER_SIZE)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif payload.strip() in FIELDS:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = payload
            run._r.append(element)
        else:
            run.text = payload


def _add_page_break(document: DocxDocument) -> None:
    """A page break at the end of the last paragraph (no empty line on the next page)."""
    paragraphs = document.paragraphs
    paragraph = paragraphs[-1] if paragraphs else document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def _title_text(text: str, layout: Layout) -> str:
    """The title with the layout's letter spacing: 民 事 判 决 书 or 民事判决书."""
    if layout.title_spacing == "as_written":
        return text
    letters = "".join(text.split())
    return " ".join(letters) if layout.title_spacing == "spaces" else letters


def _add_paragraph(
    document: DocxDocument, block: Paragraph, layout: Layout, heading: bool, before_body: bool
) -> None:
    """One source paragraph in the layout's style for its kind.

    `heading`: a `@center` line above the body that is not a number (authority, 文种) is set
    large and bold; `before_body`: `@right` lines above the body take the layout's
    case-number alignment.
    """
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if block.kind == "body":
        paragraph.alignment = ALIGNMENTS[layout.body_align]
        fmt.first_line_indent = Pt(2 * layout.body_size)
        _add_run(paragraph, block.text, layout, size=layout.body_size)
    elif block.kind == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_line_spacing(fmt, 1.0)
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(layout.space_after_title_pt)
        run = _add_run(
            paragraph,
            _title_text(block.text, layout),
            layout,
            size=layout.title_size,
            font=layout.title_font,
            bold=True,
        )
        if layout.title_spacing == "tracking":
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(int(layout.title_size * 20 * 0.6)))
            run._r.get_or_add_rPr().insert_element_before(spacing, *RPR_AFTER_SPACING)
    elif block.kind == "center" and heading:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_line_spacing(fmt, 1.0)
        fmt.space_after = Pt(6)
        _add_run(paragraph, block.text, layout, size=layout.heading_size, font=layout.heading_font, bold=True)
    else:
        align: Align = block.kind  # type: ignore[assignment]  # center / right / left
        if block.kind == "right" and before_body:
            align = layout.case_number_align
        paragraph.alignment = ALIGNMENTS[align]
        _add_run(paragraph, block.text, layout, size=layout.body_size)


def _add_table(document: DocxDocument, block: Table, layout: Layout) -> None:
    """A bordered table (style Table Grid); the header row is bold."""
    table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _, _, left, right = layout.margins_mm
    column_width = Mm((210 - left - right) / len(block.rows[0]))
    for column in table.columns:
        column.width = column_width
    for row_index, row in enumerate(block.rows):
        for cell, text in zip(table.rows[row_index].cells, row, strict=True):
            cell.width = column_width
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_line_spacing(paragraph.paragraph_format, 1.0)
            _add_run(paragraph, text, layout, size=layout.table_size, bold=row_index == 0)
    # a little air after the table, so the next paragraph does not touch its border
    document.add_paragraph().paragraph_format.space_after = Pt(0)
