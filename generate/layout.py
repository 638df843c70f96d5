"""GB/T 9704-2012 layout (FORMATS.md §7) applied to python-docx documents.

Used by `templates/build_templates.py` to make the templates; the drafted documents inherit
everything from their template. Font names are the official ones (what recipients' Windows
machines have); `add_font_fallbacks` records in the font table which installed font Word or
WPS should use instead when one is missing, and `generate/pdf.py` maps them for LibreOffice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

# --- paper and grid (§7 "Paper and grid") ------------------------------------------------
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156: the 版心
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines ≈ 28.95 pt
FOOTER_DISTANCE_MM = 35 - 7 - 5  # page number 7 mm below the 版心, ~5 mm tall

# --- fonts and sizes (字号: 初号 42, 小初 36, 2号 22, 3号 16, 4号 14, 五号 10.5 pt) -----------
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters
# What Word/WPS should use where a font is missing (font table altName), and what the local
# PDF preview uses (generate/pdf.py).
FALLBACKS = {
    TITLE_FONT: ("华文中宋", "Noto Serif CJK SC"),
    BODY_FONT: ("仿宋", "Noto Serif CJK SC"),
    KAI_FONT: ("楷体", "AR PL KaitiM GB"),
    HEADING_FONT: ("SimHei", "Noto Sans CJK SC"),
    PAGE_NUMBER_FONT: ("SimSun", "Noto Serif CJK SC"),
}
MARK_PT = 36  # 发文机关标志: 小初, red 小标宋
TITLE_PT = 22
BODY_PT = 16
NOTE_PT = 14  # 抄送, 印发, 页码
TABLE_PT = 10.5

RED = RGBColor(0xE6, 0x00, 0x12)  # the 红头 red
RED_HEX = "E60012"
CHAR_MM = TEXT_WIDTH_MM / CHARS_PER_LINE  # one 字 on the grid (≈ 5.57 mm)


# The order of w:pPr's children in the WordprocessingML schema (CT_PPrBase); Word refuses a
# file whose paragraph properties are out of this order.
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()


# The order of w:rPr's children (CT_RPr), for the same reason.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()


def insert_in_order(parent, element, order: Sequence[str] = PPR_ORDER) -> None:
    """Insert `element` among `parent`'s children where the schema's sequence puts it."""
    rank = order.index(element.tag.split("}")[1])
    for child in parent:
        name = child.tag.split("}")[-1]
        if name in order and order.index(name) > rank:
            child.addprevious(element)
            return
    parent.append(element)


def body_char_spacing() -> int:
    """The body's character spacing (w:spacing, in twentieths of a point, negative): the
    tightening that puts 28 3号 characters in the 156 mm 版心 (16 pt each would take 448 pt
    of its 442). Character spacing, not a character grid: LibreOffice (7.x) reads the grid's
    negative charSpace as a huge pitch and set about 14 characters a line; Word, WPS and
    LibreOffice all honour character spacing alike."""
    pitch_pt = TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE
    return math.floor((pitch_pt - BODY_PT) * 20)


def set_fonts(target, east_asia: str, size_pt: float | None = None, *, bold: bool | None = None,
              color: RGBColor | None = None, latin: str = LATIN_FONT) -> None:
    """Give a run or a style its East Asian font (w:eastAsia), a Latin font for digits and
    letters (Times New Roman unless told), and a size."""
    font = target.font
    font.name = latin
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if size_pt is not None:
        font.size = Pt(size_pt)
        size_cs = r_pr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            r_pr.append(size_cs)
        size_cs.set(qn("w:val"), str(round(size_pt * 2)))
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def set_page(section, *, first_page_different: bool = False) -> None:
    """A4, margins 37/35/28/26 mm, the grid of 22 lines (the 28 characters a line come from
    the body's character spacing, `body_char_spacing`)."""
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.different_first_page_header_footer = first_page_different
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)


def set_border(paragraph: Paragraph, side: str, *, val: str = "single", size_eighths: int = 12,
               color: str = RED_HEX, space_pt: int = 1) -> None:
    """A paragraph border line (`side`: top or bottom), e.g. the red line under the 发文字号."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        insert_in_order(p_pr, borders)
    line = OxmlElement(f"w:{side}")
    for existing in borders.findall(qn(f"w:{side}")):
        borders.remove(existing)
    line.set(qn("w:val"), val)
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    insert_in_order(borders, line, ("top", "left", "bottom", "right", "between", "bar"))


def no_grid_snap(paragraph: Paragraph) -> None:
    """Let a paragraph keep its own line height (mark, title) instead of snapping to the grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    insert_in_order(paragraph._p.get_or_add_pPr(), snap)


def pin_to_bottom(paragraph: Paragraph) -> None:
    """Put a paragraph in a frame at the bottom of the 版心 (the 版记: its last line coincides
    with the bottom of the 版心 on the last page). Consecutive pinned paragraphs share one frame."""
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(round(TEXT_WIDTH_MM / 25.4 * 1440)))
    frame.set(qn("w:hSpace"), "0")
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")
    insert_in_order(paragraph._p.get_or_add_pPr(), frame)


def pin_table_to_bottom(table) -> None:
    """A floating table at the bottom of the 版心, as wide as the 版心, without borders."""
    tbl_pr = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for name, value in (("leftFromText", "0"), ("rightFromText", "0"), ("vertAnchor", "margin"),
                        ("horzAnchor", "margin"), ("tblpXSpec", "center"), ("tblpYSpec", "bottom")):
        position.set(qn(f"w:{name}"), value)
    style = tbl_pr.find(qn("w:tblStyle"))
    (style.addnext(position) if style is not None else tbl_pr.insert(0, position))
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    position.addnext(overlap)
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(TEXT_WIDTH_MM / 25.4 * 1440)))


def record_borders(cell, *, top: int, bottom: int) -> None:
    """Black lines above and below a 版记 cell, `top`/`bottom` in eighths of a point."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, size in (("top", top), ("bottom", bottom)):
        line = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", str(size)), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{name}"), value)
        borders.append(line)
    anchor = next((tc_pr.find(qn(t)) for t in ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                                 "w:vAlign", "w:hideMark") if tc_pr.find(qn(t)) is not None), None)
    (anchor.addprevious(borders) if anchor is not None else tc_pr.append(borders))


def add_page_number(paragraph: Paragraph) -> None:
    """`— 1 —` in 4号 宋体: a PAGE field between two dashes."""
    def run(text: str | None = None, field: str | None = None, instruction: str | None = None):
        r = paragraph.add_run(text or "")
        set_fonts(r, PAGE_NUMBER_FONT, NOTE_PT, latin=PAGE_NUMBER_FONT)  # half-width 宋体 digits
        if field:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            r._r.append(element)
        if instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
            r._r.append(element)
        return r

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def page_number_footers(section, document, *, skip_first: bool) -> None:
    """Page numbers 7 mm below the 版心: odd pages 居右空一字, even pages 居左空一字."""
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Mm(CHAR_MM)
    add_page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Mm(CHAR_MM)
    add_page_number(even)
    if skip_first:
        section.first_page_footer.is_linked_to_previous = False


def add_font_fallbacks(document) -> None:
    """Name, in the font table, the substitute Word/WPS should use for each official font."""
    part = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    table = parse_xml(part.blob)
    known = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for name, (alternative, _) in FALLBACKS.items():
        if name in known:
            continue
        table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        ))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
