"""Builds the seven document templates (`python -m templates.build_templates`).

Each template is an ordinary DOCX with Jinja tags (docxtpl): an administrator may open it in
Word or WPS, change the wording or the layout and save it; rulingdesk then drafts from the
edited file. Running this script again overwrites such edits, so keep edited templates under
version control. The wording below follows the policy's clauses 四, 五 and 六; the layout
follows GB/T 9704-2012 (generate/layout.py).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from generate import layout
from generate.model import (
    COPY_LETTER,
    DELISTING_NOTICE,
    DISPUTE_GUIDANCE,
    LISTING_REFUSAL_NOTICE,
    OPINION_REQUEST,
    RESTORATION_NOTICE,
    SELECTION_CANCELLATION_NOTICE,
)

HERE = Path(__file__).resolve().parent

TABLE_COLUMNS = (  # (header, variable of a product row, width in mm); widths add up to the 版心
    ("产品编码", "code", 22), ("通用名", "name", 26), ("规格", "specification", 16),
    ("生产企业", "manufacturer", 30), ("批准文号", "approval", 28), ("挂网状态", "status", 16),
    ("处理措施", "measure", 18),
)

_FINDING = "{{ decision_words }}认定，你单位{{ product_names }}侵害{{ rights_holder }}享有的{{ patents }}专利权，并{{ stop_words }}。"
_NOTICE_TAIL = ("如对本通知有异议，请于收到本通知之日起{{ objection_days }}日内向我单位书面提出，并提交相关证明材料。")

KINDS: dict[str, dict] = {
    DELISTING_NOTICE: {
        "format": "file",
        "body": [
            _FINDING,
            "根据{{ policy }}第（六）项关于“对已在平台挂网或已在集中带量采购中选的涉事产品，协助配合执行裁决、"
            "判决结果，及时采取撤网、取消中选资格等措施制止侵权行为”的规定，经核验，现决定撤销你单位附件所列产品"
            "在{{ platform }}的挂网资格，自本通知印发之日起执行。",
            "请你单位自收到本通知之日起停止上述产品的挂网交易，做好已签订购销合同的供应衔接工作。" + _NOTICE_TAIL,
            "特此通知。",
        ],
    },
    SELECTION_CANCELLATION_NOTICE: {
        "format": "file",
        "body": [
            _FINDING,
            "根据{{ policy }}第（六）项关于“对已在平台挂网或已在集中带量采购中选的涉事产品，协助配合执行裁决、"
            "判决结果，及时采取撤网、取消中选资格等措施制止侵权行为”的规定，经核验，现决定取消你单位附件所列产品"
            "在{{ batches }}中的中选资格，自本通知印发之日起执行。",
            "请你单位配合做好中选产品替换及医疗机构供应衔接工作。" + _NOTICE_TAIL,
            "特此通知。",
        ],
    },
    LISTING_REFUSAL_NOTICE: {
        "format": "file",
        "body": [
            _FINDING,
            "根据{{ policy }}第（六）项关于“对正在申报平台挂网的涉事产品，不予挂网”的规定，经核验，"
            "现决定对你单位附件所列产品在{{ platform }}的挂网申请不予挂网。",
            _NOTICE_TAIL,
            "特此通知。",
        ],
    },
    RESTORATION_NOTICE: {
        "format": "file",
        "body": [
            "我单位此前依据{{ prior_cases }}，对你单位附件所列产品采取了{{ prior_measures }}措施。"
            "{{ decision_words }}{{ reversal_words }}，上述措施的依据已不存在。",
            "根据{{ policy }}第（六）项的规定，经核验，现决定恢复你单位附件所列产品在{{ platform }}的挂网资格，"
            "自本通知印发之日起执行。",
            "特此通知。",
        ],
    },
    COPY_LETTER: {
        "format": "letter",
        "body": [
            "我局于{{ decision_date }}对{{ case_description }}作出{{ case_number }}{{ document_label }}。现将案件办理结果函告如下：",
            "{{ result_words }}",
            "根据{{ policy }}第（六）项的规定，现将本案办理结果抄送你局。{{ followup }}",
            "特此函告。",
        ],
    },
    DISPUTE_GUIDANCE: {
        "format": "letter",
        "body": [
            "我单位于{{ received }}收到{{ objector }}提出的异议，称{{ enterprise }}在{{ platform }}挂网的"
            "{{ product_name }}（产品编码：{{ catalogue_id }}）涉嫌侵害其享有的{{ patent }}专利权。",
            "根据{{ policy }}第（五）项的规定，专利侵权纠纷可以由当事人向知识产权管理部门请求处理，或者向人民法院起诉。"
            "请相关当事人依法通过上述途径解决纠纷。",
            "我单位将根据知识产权管理部门认定侵权的行政裁决或者人民法院的生效判决，依法依规采取相应措施。"
            "在此之前，该产品的挂网事宜按照企业自主承诺及有关规定办理。",
            "特此告知。",
        ],
    },
    OPINION_REQUEST: {
        "format": "letter",
        "body": [
            "我单位于{{ received }}收到{{ objector }}提出的异议，称{{ enterprise }}在{{ platform }}申报挂网的"
            "{{ product_name }}（产品编码：{{ catalogue_id }}）涉嫌侵害其享有的{{ patent }}专利权。",
            "根据{{ policy }}第（四）项的规定，现商请你局对该产品是否侵害上述专利权出具咨询或者侵权判定意见，"
            "作为是否允许该产品在平台挂网的参考。请于{{ reply_deadline }}前函复我单位。",
            "逾期未给出参考意见的，企业自主承诺后可以按程序在平台挂网。",
            "特此函达。",
        ],
    },
}


def _paragraph(document, text: str = "", *, font: str = layout.BODY_FONT, size: float = layout.BODY_PT,
               align=None, first_line_chars: int = 0, color=None, exact_pt: float | None = None):
    """One paragraph of one run (a Jinja tag never spans runs in the built templates)."""
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if first_line_chars:
        paragraph.paragraph_format.first_line_indent = Pt(layout.BODY_PT * first_line_chars)
        indent = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
        indent.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    if exact_pt:
        layout.no_grid_snap(paragraph)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(exact_pt)
    if text:
        layout.set_fonts(paragraph.add_run(text), font, size, color=color)
    return paragraph


def _defaults(document) -> None:
    """Document defaults: 3号 仿宋, Chinese language, no paragraph spacing (the grid's base size)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{layout.LATIN_FONT}" w:hAnsi="{layout.LATIN_FONT}" w:cs="{layout.LATIN_FONT}" '
        f'w:eastAsia="{layout.BODY_FONT}"/><w:kern w:val="2"/>'
        f'<w:sz w:val="{layout.BODY_PT * 2}"/><w:szCs w:val="{layout.BODY_PT * 2}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults>'
    ))


def _styles(document) -> None:
    _defaults(document)
    normal = document.styles["Normal"]
    layout.set_fonts(normal, layout.BODY_FONT, layout.BODY_PT)
    spacing = OxmlElement("w:spacing")  # 28 characters a line (see layout.body_char_spacing)
    spacing.set(qn("w:val"), str(layout.body_char_spacing()))
    layout.insert_in_order(normal.element.get_or_add_rPr(), spacing, layout.RPR_ORDER)
    form = normal.paragraph_format
    form.space_before = form.space_after = Pt(0)
    form.line_spacing = 1.0
    form.widow_control = False
    justify = OxmlElement("w:jc")
    justify.set(qn("w:val"), "both")
    normal.element.get_or_add_pPr().append(justify)
    layout.set_fonts(document.styles["Table Grid"], layout.BODY_FONT, layout.TABLE_PT)


def _file_head(document) -> None:
    """文件格式 版头: red 发文机关标志 35 mm below the top of the 版心, 发文字号, red line."""
    mark = _paragraph(document, "{{ office_mark }}", font=layout.TITLE_FONT, size=layout.MARK_PT,
                      align=WD_ALIGN_PARAGRAPH.CENTER, color=layout.RED, exact_pt=layout.MARK_PT * 1.25)
    mark.paragraph_format.space_before = Mm(35 - 3)  # the glyph's top sits ~3 mm under the line top
    _paragraph(document)
    _paragraph(document)
    number = _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    layout.set_border(number, "bottom", size_eighths=12, space_pt=11)  # red line 4 mm below


def _letter_head(document, section) -> None:
    """信函格式 版头: mark 30 mm from the top edge, red double lines (170 mm) at top and bottom of page 1."""
    section.header_distance = Mm(30 - 2)
    header = section.first_page_header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.no_grid_snap(header)
    header.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    header.paragraph_format.line_spacing = Pt(layout.MARK_PT * 1.25)
    overhang = Mm((170 - layout.TEXT_WIDTH_MM) / 2)
    header.paragraph_format.left_indent = header.paragraph_format.right_indent = -overhang
    layout.set_fonts(header.add_run("{{ office_mark }}"), layout.TITLE_FONT, layout.MARK_PT, color=layout.RED)
    layout.set_border(header, "bottom", val="thickThinSmallGap", size_eighths=24, space_pt=11)
    section.footer_distance = Mm(20)
    footer = section.first_page_footer.paragraphs[0]
    footer.paragraph_format.left_indent = footer.paragraph_format.right_indent = -overhang
    layout.no_grid_snap(footer)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    footer.paragraph_format.line_spacing = Pt(2)
    layout.set_border(footer, "top", val="thinThickSmallGap", size_eighths=24, space_pt=0)
    for page_footer in (section.footer, section.even_page_footer):
        page_footer.paragraphs[0].paragraph_format.space_after = Mm(8)  # keep 7 mm below the 版心
    _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def _signature(document) -> None:
    """署名 centred over the 成文日期, the date 右空四字 (a centre tab puts both on one axis)."""
    axis = Mm(layout.TEXT_WIDTH_MM - 7.5 * layout.CHAR_MM)
    for text in ("{{ signer }}", "{{ date }}"):
        paragraph = _paragraph(document)
        paragraph.paragraph_format.tab_stops.add_tab_stop(axis, WD_TAB_ALIGNMENT.CENTER)
        layout.set_fonts(paragraph.add_run("\t" + text), layout.BODY_FONT, layout.BODY_PT)


def _annex(document) -> None:
    """The attachment on a new page: 附件 (3号黑体), its title, the product table."""
    paragraph = _paragraph(document)
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "附件", font=layout.HEADING_FONT)
    _paragraph(document)
    _paragraph(document, "涉事产品清单", font=layout.TITLE_FONT, size=layout.TITLE_PT,
               align=WD_ALIGN_PARAGRAPH.CENTER, exact_pt=layout.TITLE_PT * 1.45)
    _paragraph(document)
    table = document.add_table(rows=4, cols=len(TABLE_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    for column, (header, variable, width) in enumerate(TABLE_COLUMNS):
        cells = [row.cells[column] for row in rows]
        for cell in cells:
            cell.width = Mm(width)
        texts = (header, "{%tr for row in products %}" if column == 0 else "",
                 "{{ row." + variable + " }}", "{%tr endfor %}" if column == 0 else "")
        for cell, text in zip(cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                font = layout.HEADING_FONT if cell is cells[0] else layout.BODY_FONT
                layout.set_fonts(paragraph.add_run(text), font, layout.TABLE_PT)
    rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # header repeats on each page


def _record_lines(document, letter: bool) -> None:
    """版记 at the bottom of the last page: 抄送 (4号, 左右各空一字), and for 文件格式 the 印发
    line; separator lines thick (0.35 mm) first and last, thin (0.25 mm) between."""
    _paragraph(document)
    if letter:  # 信函格式: no 印发 line and no separator lines
        _paragraph(document, "{%p if cc %}")
        cc = _paragraph(document, "抄送：{{ cc }}。", size=layout.NOTE_PT)
        cc.paragraph_format.left_indent = cc.paragraph_format.right_indent = Mm(layout.CHAR_MM)
        layout.pin_to_bottom(cc)
        _paragraph(document, "{%p endif %}")
        return
    table = document.add_table(rows=3, cols=1)
    layout.pin_table_to_bottom(table)
    texts = ("{%tr if cc %}", "抄送：{{ cc }}。", "{%tr endif %}")
    for row, text in zip(table.rows[:3], texts, strict=True):
        layout.set_fonts(row.cells[0].paragraphs[0].add_run(text), layout.BODY_FONT, layout.NOTE_PT)
    printed_row = table.add_row()
    printed = printed_row.cells[0].paragraphs[0]
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM - 2 * layout.CHAR_MM), WD_TAB_ALIGNMENT.RIGHT)
    layout.set_fonts(printed.add_run("{{ printer }}\t{{ date }}印发"), layout.BODY_FONT, layout.NOTE_PT)
    for row in table.rows:
        row.cells[0].width = Mm(layout.TEXT_WIDTH_MM)
        paragraph = row.cells[0].paragraphs[0]
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(layout.CHAR_MM - 1.9)
    layout.record_borders(table.rows[1].cells[0], top=8, bottom=6)  # 0.35 mm above 抄送, 0.25 mm below
    layout.record_borders(printed_row.cells[0], top=6, bottom=8)
    # A floating table is anchored to the paragraph that follows it; the body ends with one.
    anchor = _paragraph(document, exact_pt=1)
    anchor.paragraph_format.keep_with_next = False


# Styles the templates use; python-docx's default template carries ~160 more (350 kB) that
# every render would parse and write again.
KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "Footer",
               "HeaderChar", "FooterChar"}
# Parts of python-docx's default template a 公文 does not need (1 MB of the 1.2 MB).
DROPPED_PARTS = ("stylesWithEffects", "customXml", "thumbnail", "webSettings")


def _slim(document) -> None:
    """Drops unused styles, the latent-style list and unneeded parts, so drafting stays fast."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for owner in (document.part, document.part.package):
        for rel_id, rel in list(owner.rels.items()):
            if any(rel.reltype.endswith("/" + name) or rel.reltype.endswith(name) for name in DROPPED_PARTS):
                del owner.rels[rel_id]


def build(kind: str, spec: dict) -> Document:
    """The template of one document kind."""
    letter = spec["format"] == "letter"
    document = Document()
    _styles(document)
    section = document.sections[0]
    layout.set_page(section, first_page_different=letter)
    layout.page_number_footers(section, document, skip_first=letter)
    layout.add_font_fallbacks(document)
    _letter_head(document, section) if letter else _file_head(document)
    _paragraph(document)
    _paragraph(document)
    _paragraph(document, "{{ title }}", font=layout.TITLE_FONT, size=layout.TITLE_PT,
               align=WD_ALIGN_PARAGRAPH.CENTER, exact_pt=layout.TITLE_PT * 1.45)
    _paragraph(document)
    addressee = _paragraph(document, "{{ addressee }}：")
    addressee.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for text in spec["body"]:
        _paragraph(document, text, first_line_chars=2)
    # The closing line (特此通知。) goes with the 附件说明 and the signature: the signature
    # page never holds the signature alone.
    tail = [document.paragraphs[-1], _paragraph(document),
            _paragraph(document, "附件：涉事产品清单", first_line_chars=2), _paragraph(document), _paragraph(document)]
    for paragraph in tail:
        paragraph.paragraph_format.keep_with_next = True
    _signature(document)
    document.paragraphs[-2].paragraph_format.keep_with_next = True
    _annex(document)
    _record_lines(document, letter)
    _slim(document)
    return document


def main(folder: Path = HERE) -> list[Path]:
    """Writes `<kind>.docx` for every kind into `folder`; returns the paths."""
    written = []
    for kind, spec in KINDS.items():
        path = folder / f"{kind}.docx"
        build(kind, spec).save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
