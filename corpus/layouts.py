"""The visual layouts a corpus document can be built in.

Each layout imitates one family of real documents: court judgments printed from the
courts' case systems, IP-office rulings following GB/T 9704, web copies re-typeset in
黑体. They differ the way real documents do: font, size, line spacing, margins, the
running header, the page-number style and where the case number stands.

Fonts are named as the offices name them (仿宋_GB2312, 宋体, 黑体, 方正小标宋简体); the build
maps those names to the installed Noto CJK fonts through a private fontconfig file
(`FONT_SUBSTITUTES`), so the DOCX carries the official names and the PDF has real glyphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right", "justify"]
# `dash` "- 3 -", `page_of` "第3页 共8页", `plain` "3", `emdash` "— 3 —", `none`.
FooterStyle = Literal["dash", "page_of", "plain", "emdash", "none"]
# What the running header (pages 2 and later) shows: the authority's name (first
# `@center` line), the case number (first `@right` line before the body), or nothing.
HeaderContent = Literal["authority", "case_number", "none"]
# `as_written`: the title as in the source; `spaces`: 民 事 判 决 书; `tracking`: 民事判决书
# with wide character spacing; `none`: 民事判决书.
TitleSpacing = Literal["as_written", "spaces", "tracking", "none"]
# `center`/`left`/`right`: fixed; `outside`: odd pages right, even pages left (GB/T 9704).
FooterAlign = Literal["center", "left", "right", "outside"]

# The font names written into the DOCX → the installed font that renders them.
FONT_SUBSTITUTES: dict[str, str] = {
    "仿宋": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "FangSong": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "SimSun": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "SimHei": "Noto Sans CJK SC",
    "微软雅黑": "Noto Sans CJK SC",
    "Times New Roman": "Liberation Serif",
    "Arial": "Liberation Sans",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """How a document looks on paper."""

    name: str
    description: str  # one line for the README
    body_font: str  # East Asian font of body text, as the office names it
    latin_font: str  # font for ASCII letters and digits
    body_size: float  # points (三号 16, 小三 15, 四号 14)
    line_spacing: float  # > 3: exact spacing in points; otherwise a multiple of single spacing
    title_font: str
    title_size: float
    title_spacing: TitleSpacing
    heading_font: str  # font of `@center` lines (the authority's name)
    heading_size: float
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    header: HeaderContent
    header_align: Align
    header_rule: bool  # a line under the running header
    footer: FooterStyle
    footer_align: FooterAlign
    case_number_align: Align  # the `@right` lines before the first body paragraph
    table_size: float  # points
    body_align: Align = "justify"
    space_after_title_pt: float = 12.0


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            name="court_a",
            description="Supreme People's Court style: 仿宋 16pt, exact 29pt lines, '- 3 -' centred, no header",
            body_font="仿宋",
            latin_font="Times New Roman",
            body_size=16,
            line_spacing=29,
            title_font="方正小标宋简体",
            title_size=22,
            title_spacing="spaces",
            heading_font="宋体",
            heading_size=22,
            margins_mm=(30, 28, 28, 26),
            header="none",
            header_align="center",
            header_rule=False,
            footer="dash",
            footer_align="center",
            case_number_align="right",
            table_size=12,
        ),
        Layout(
            name="court_b",
            description="Intermediate-court style: 宋体 15pt, 1.5 lines, court name as header from page 2, '第3页 共8页'",
            body_font="宋体",
            latin_font="Times New Roman",
            body_size=15,
            line_spacing=1.5,
            title_font="宋体",
            title_size=22,
            title_spacing="tracking",
            heading_font="宋体",
            heading_size=18,
            margins_mm=(25, 25, 30, 25),
            header="authority",
            header_align="center",
            header_rule=True,
            footer="page_of",
            footer_align="center",
            case_number_align="right",
            table_size=11,
        ),
        Layout(
            name="court_c",
            description="IP-court style: 仿宋 14pt, exact 26pt lines, case number as right header from page 2, plain '3' at right",
            body_font="仿宋_GB2312",
            latin_font="Times New Roman",
            body_size=14,
            line_spacing=26,
            title_font="黑体",
            title_size=20,
            title_spacing="none",
            heading_font="黑体",
            heading_size=20,
            margins_mm=(25, 25, 25, 25),
            header="case_number",
            header_align="right",
            header_rule=False,
            footer="plain",
            footer_align="right",
            case_number_align="left",
            table_size=11,
        ),
        Layout(
            name="court_d",
            description="Provincial high-court style: 宋体 14pt, 1.25 lines, '— 3 —' odd right / even left, case number centred",
            body_font="宋体",
            latin_font="Times New Roman",
            body_size=14,
            line_spacing=1.25,
            title_font="方正小标宋简体",
            title_size=24,
            title_spacing="spaces",
            heading_font="方正小标宋简体",
            heading_size=20,
            margins_mm=(20, 20, 22, 22),
            header="none",
            header_align="center",
            header_rule=False,
            footer="emdash",
            footer_align="outside",
            case_number_align="center",
            table_size=12,
        ),
        Layout(
            name="court_e",
            description="Web copy re-typeset in 黑体 (sans) 14pt, 1.15 lines, court name as left header, '第3页 共8页' at right",
            body_font="黑体",
            latin_font="Arial",
            body_size=14,
            line_spacing=1.15,
            title_font="黑体",
            title_size=20,
            title_spacing="as_written",
            heading_font="黑体",
            heading_size=16,
            margins_mm=(22, 22, 24, 24),
            header="authority",
            header_align="left",
            header_rule=True,
            footer="page_of",
            footer_align="right",
            case_number_align="right",
            table_size=11,
            body_align="left",
        ),
        Layout(
            name="office_a",
            description="GB/T 9704 office style: 仿宋_GB2312 16pt, exact 28pt lines, 37/35/28/26 mm margins, '— 3 —' outside",
            body_font="仿宋_GB2312",
            latin_font="Times New Roman",
            body_size=16,
            line_spacing=28,
            title_font="方正小标宋简体",
            title_size=22,
            title_spacing="none",
            heading_font="方正小标宋简体",
            heading_size=22,
            margins_mm=(37, 35, 28, 26),
            header="none",
            header_align="center",
            header_rule=False,
            footer="emdash",
            footer_align="outside",
            case_number_align="center",
            table_size=12,
        ),
        Layout(
            name="office_b",
            description="Provincial IP office, sans: 黑体 14pt, 1.5 lines, office name header with rule, '- 3 -', case number left",
            body_font="黑体",
            latin_font="Arial",
            body_size=14,
            line_spacing=1.5,
            title_font="黑体",
            title_size=18,
            title_spacing="tracking",
            heading_font="黑体",
            heading_size=18,
            margins_mm=(25, 25, 25, 25),
            header="authority",
            header_align="center",
            header_rule=True,
            footer="dash",
            footer_align="center",
            case_number_align="left",
            table_size=11,
        ),
        Layout(
            name="office_c",
            description="Municipal office: 宋体 15pt, single lines, case number as left header from page 2, no page numbers",
            body_font="宋体",
            latin_font="Times New Roman",
            body_size=15,
            line_spacing=1.0,
            title_font="宋体",
            title_size=20,
            title_spacing="spaces",
            heading_font="宋体",
            heading_size=18,
            margins_mm=(28, 28, 30, 28),
            header="case_number",
            header_align="left",
            header_rule=False,
            footer="none",
            footer_align="center",
            case_number_align="right",
            table_size=12,
        ),
        Layout(
            name="office_d",
            description="National office decision: 仿宋 16pt, exact 30pt lines, plain '3' centred, case number right",
            body_font="仿宋",
            latin_font="Times New Roman",
            body_size=16,
            line_spacing=30,
            title_font="方正小标宋简体",
            title_size=22,
            title_spacing="tracking",
            heading_font="方正小标宋简体",
            heading_size=22,
            margins_mm=(35, 30, 28, 26),
            header="none",
            header_align="center",
            header_rule=False,
            footer="plain",
            footer_align="center",
            case_number_align="right",
            table_size=12,
        ),
    )
}


def layout_names() -> frozenset[str]:
    """The names a source's `layout:` may take."""
    return frozenset(LAYOUTS)
