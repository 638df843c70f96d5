"""Each drafted document's section and run properties, checked against FORMATS.md §7
(GB/T 9704-2012). Golden text alone would pass a document with no formatting at all."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from generate.model import DOCUMENT_KINDS, LETTER_KINDS, NOTICE_KINDS

# FORMATS.md §7, written out here rather than imported from generate.layout
A4 = (210, 297)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TITLE = ("方正小标宋简体", 22)
BODY = ("仿宋_GB2312", 16)
NOTE_PT = 14
# 发文字号: 粤医采〔2099〕12号 (year in 〔〕, no 第, no zero padding)
DOCUMENT_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号$")
# 成文日期 in Arabic numerals without zero padding: 2099年3月5日
ISSUE_DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _east_asia(run, document) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    if fonts is not None and fonts.get(qn("w:eastAsia")):
        return fonts.get(qn("w:eastAsia"))
    return document.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _size(run, document) -> float:
    return (run.font.size or document.styles["Normal"].font.size).pt


def _all_paragraphs(document):
    cells = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [*document.paragraphs, *cells]


def _paragraph(document, pattern: re.Pattern[str] | str):
    text = re.compile(pattern) if isinstance(pattern, str) else pattern
    return next(p for p in _all_paragraphs(document) if text.search(p.text.strip()))


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_paper_margins_and_grid(kind, drafted):
    section = _open(drafted[kind]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == A4
    for side, mm in MARGINS.items():
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) <= Mm(0.1), side
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None  # LibreOffice misread it
    line_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert 22 * line_pt <= 225 / 25.4 * 72 < 23 * line_pt  # 22 lines fill the 225 mm 版心
    spacing = _open(drafted[kind]).styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch_pt = BODY[1] + int(spacing.get(qn("w:val"))) / 20
    assert 28 * pitch_pt <= 156 / 25.4 * 72 < 29 * pitch_pt  # 28 characters a line


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_title_body_and_record_fonts(kind, drafted):
    document = _open(drafted[kind])
    title = _paragraph(document, r"(?s)^关于.+(通知|函|告知书)$")  # lines broken by <w:br/>
    assert title.alignment == 1  # centred
    assert {(_east_asia(r, document), _size(r, document)) for r in title.runs} == {TITLE}
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent and p.text.strip()]
    assert len(body) >= 4
    assert {(_east_asia(r, document), _size(r, document)) for p in body for r in p.runs} == {BODY}
    cc = _paragraph(document, r"^抄送：.+。$")
    assert {_size(r, document) for r in cc.runs} == {NOTE_PT}
    addressee = _paragraph(document, r"^.+：$")
    assert addressee.paragraph_format.first_line_indent is None


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_number_date_signature_and_annex(kind, drafted):
    document = _open(drafted[kind])
    assert DOCUMENT_NUMBER.match(_paragraph(document, DOCUMENT_NUMBER).text.strip())
    assert ISSUE_DATE.match(_paragraph(document, ISSUE_DATE).text.strip())
    assert _paragraph(document, r"^附件：涉事产品清单$")
    annex = _paragraph(document, r"^附件$")
    assert {_east_asia(r, document) for r in annex.runs} == {"黑体"}
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["产品编码", "通用名", "规格", "生产企业", "批准文号", "挂网状态", "处理措施"]


def _border(paragraph, side):
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return None if borders is None else borders.find(qn(f"w:{side}"))


@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_file_format_has_red_mark_and_red_line(kind, drafted):
    document = _open(drafted[kind])
    mark = document.paragraphs[0]
    assert mark.text.endswith("文件")
    assert {str(r.font.color.rgb) for r in mark.runs} == {"E60012"}
    assert {_east_asia(r, document) for r in mark.runs} == {TITLE[0]}
    line = _border(_paragraph(document, DOCUMENT_NUMBER), "bottom")
    assert (line.get(qn("w:val")), line.get(qn("w:color"))) == ("single", "E60012")
    printed = _paragraph(document, r"印发$")
    assert ISSUE_DATE.match(printed.text.split("\t")[-1].removesuffix("印发"))
    record = document.tables[-1]  # 版记: a floating table at the bottom of the 版心
    position = record._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    lines = [record.rows[-2].cells[0]._tc.tcPr.find(qn("w:tcBorders")),
             record.rows[-1].cells[0]._tc.tcPr.find(qn("w:tcBorders"))]
    sizes = [int(b.find(qn(f"w:{side}")).get(qn("w:sz"))) for b in lines for side in ("top", "bottom")]
    assert sizes == [8, 6, 6, 8]  # thick (0.35 mm) first and last, thin (0.25 mm) between


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_letter_format_has_red_double_lines_and_no_first_page_number(kind, drafted):
    section = _open(drafted[kind]).sections[0]
    assert section.different_first_page_header_footer
    (mark,) = [p for p in section.first_page_header.paragraphs if p.text]
    assert {str(r.font.color.rgb) for r in mark.runs} == {"E60012"}
    assert _border(mark, "bottom").get(qn("w:val")) == "thickThinSmallGap"
    bottom = section.first_page_footer.paragraphs[0]
    assert _border(bottom, "top").get(qn("w:val")) == "thinThickSmallGap"
    assert "PAGE" not in section.first_page_footer._element.xml


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_page_numbers_and_font_fallbacks(kind, drafted):
    document = _open(drafted[kind])
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    number_fonts = {(r._r.rPr.rFonts.get(qn("w:ascii")), r.font.size.pt) for r in section.footer.paragraphs[0].runs}
    assert number_fonts == {("宋体", NOTE_PT)}  # 4号 half-width 宋体 digits
    assert section.footer.paragraphs[0].alignment == 2  # odd pages right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # even pages left
    fonts = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode()
    for name in (TITLE[0], BODY[0], "黑体"):
        assert re.search(f'w:name="{name}"><w:altName w:val="[^"]+"', fonts), name


# The schema's sequences (WordprocessingML CT_PPrBase, CT_RPr, CT_SectPr, CT_PBdr): Word reports a
# file as damaged when properties are out of order, even where LibreOffice reads it.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
           "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
           "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
           "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
           "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "sectPr": "footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols formProt "
              "vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange",
    "pBdr": "top left bottom right between bar",
}


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_properties_follow_the_schema_order(kind, drafted):
    import zipfile

    from lxml import etree

    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(drafted[kind])) as package:
        parts = [n for n in package.namelist() if re.fullmatch(r"word/(document|header\d+|footer\d+|styles)\.xml", n)]
        for part in parts:
            root = etree.fromstring(package.read(part))
            for tag, sequence in SCHEMA_ORDER.items():
                order = sequence.split()
                for element in root.iter(namespace + tag):
                    names = [c.tag.removeprefix(namespace) for c in element
                             if c.tag.startswith(namespace) and not c.tag.endswith("Reference")]
                    assert all(n in order for n in names), (part, tag, names)
                    ranks = [order.index(n) for n in names]
                    assert ranks == sorted(ranks) and len(set(names)) == len(names), (part, tag, names)
