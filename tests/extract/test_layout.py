"""Layout on synthetic pages: lines, spacing, paragraphs, running headers, tables, and the
alignment of `boxes` with `text`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.layout import PAGE_NUMBER, Char, Page, is_cjk, lay_out, usable_text

EM = 16.0
LEFT, RIGHT = 80.0, 80.0 + 28 * EM  # a 28-character text column
W, H = 595.0, 842.0


def chars(text: str, x: float, top: float, *, gap: float = 0.0, size: float = EM) -> list[Char]:
    """`text` set from `x` at `top`: CJK one em wide, Latin half; a space advances half an
    em (an ideographic space a full em) and prints nothing; `gap` between characters."""
    out = []
    for ch in text:
        width = size if is_cjk(ch) or ch == "\u3000" else size / 2
        if not ch.isspace():
            out.append(Char(ch, x, top, x + width, top + size, size))
        x += width + gap
    return out


def page(*lines: list[Char], number: int = 1, tables=()) -> Page:
    return Page(number, W, H, tuple(c for line in lines for c in line), tables)


def body(top: float, text: str, *, indent: bool = False) -> list[Char]:
    return chars(text, LEFT + (2 * EM if indent else 0), top)


FULL = "甲" * 28  # a line that fills the column
REST = "乙" * 26  # the rest of an indented first line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (chars("民 事 判 决 书", 200, 100, size=22), "民事判决书"),
        (chars("判决书", 200, 100, gap=10), "判决书"),
        (chars("审\u3000判\u3000长\u3000\u3000张某某", 300, 100), "审判长 张某某"),
        (chars("（2099）最高法知民终 1 号", 300, 100), "（2099）最高法知民终1号"),
        (chars("Zen of Python", 100, 100), "Zen of Python"),
        (chars("规格 0.75μg，ZL201911937865.X", 100, 100), "规格0.75μg，ZL201911937865.X"),
    ],
)
def test_line_spacing(line, expected):
    assert lay_out([page(line)]).text == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a full line runs on into the next; an indented line starts a paragraph
        ([body(100, "一" + REST, indent=True), body(128, "二二二。")], "一" + REST + "二二二。"),
        ([body(100, FULL), body(128, "丙丙", indent=True)], FULL + "\n丙丙"),
        # a line ending with ： ends its paragraph even at the right margin
        ([body(100, "甲" * 27 + "："), body(128, "乙乙")], "甲" * 27 + "：\n乙乙"),
        # a short line ends its paragraph
        ([body(100, "甲甲甲"), body(128, "乙乙")], "甲甲甲\n乙乙"),
        # a Latin word that did not fit wraps; the line before it is short but continues
        (
            [body(100, "甲" * 24 + "国药准字"[:2]), body(128, "H20990001）落入")],
            "甲" * 24 + "国药H20990001）落入",
        ),
        # a code broken over two lines is rejoined; Latin words get their space back
        ([body(100, "甲" * 21 + "ZL2088103"), body(128, "48.9号。")], "甲" * 21 + "ZL208810348.9号。"),
        ([body(100, "甲" * 20 + "Daehee Ph"), body(128, "Co.,Ltd.。")], "甲" * 20 + "Daehee Ph Co.,Ltd.。"),
        # `代码：` then a code too long for the rest of the line: a wrap, not a paragraph end
        (
            [body(72, FULL), body(100, "甲" * 20 + "代码："), body(128, "91330782MA29F6R0B7。")],
            FULL + "甲" * 20 + "代码：91330782MA29F6R0B7。",
        ),
        # the last character moved down with its full stop (kinsoku)
        ([body(100, "甲" * 27), body(128, "诉。本院")], "甲" * 27 + "诉。本院"),
    ],
)
def test_paragraphs(lines, expected):
    assert lay_out([page(*lines)]).text == expected


def _page_with(number: int, header: str, footer: str) -> Page:
    return page(
        chars(header, 150, 50, size=10.5),
        body(150, "一" + REST, indent=True),
        body(178, FULL),
        body(206, "结束。"),
        chars(footer, 280, 800, size=14),
        number=number,
    )


@pytest.mark.parametrize(
    "footer",
    ["- {n} -", "— {n} —", "第{n}页 共3页", "第 {n} 页", "{n}", "{n} / 3"],
)
def test_running_headers_and_page_numbers_are_dropped(footer):
    pages = [_page_with(n, "某某人民法院（2099）最高法知民终1号", footer.format(n=n)) for n in (1, 2, 3)]
    document = lay_out(pages)
    assert "人民法院" not in document.text
    assert document.text == ("一" + REST + FULL + "结束。\n") * 2 + "一" + REST + FULL + "结束。"
    assert document.page_of_char[-1] == 3


def test_a_title_on_page_one_only_is_kept():
    first = page(chars("中华人民共和国最高人民法院", 150, 90, size=22), body(150, "正文。"))
    second = page(body(150, "正文。"), number=2)
    assert lay_out([first, second]).text == "中华人民共和国最高人民法院\n正文。\n正文。"


@pytest.mark.parametrize(
    ("text", "is_number"),
    [("- 3 -", True), ("—12—", True), ("第3页共8页", True), ("共8页第3页", True), ("3", True),
     ("3/8", True), ("第三章", False), ("2099年", False), ("-", False)],
)
def test_page_number_pattern(text, is_number):
    assert bool(PAGE_NUMBER.match(text)) is is_number


def test_tables_are_rows_of_cells():
    cells = (((80.0, 100.0, 200.0, 120.0), (200.0, 100.0, 400.0, 120.0)),
             ((80.0, 120.0, 200.0, 140.0), (200.0, 120.0, 400.0, 140.0)))
    pg = page(
        body(60, "前文。"),
        chars("名称", 85, 102), chars("规格", 205, 102),
        chars("胶囊", 85, 122), chars("0.75μg", 205, 122),
        body(160, "后文。"),
        tables=(cells,),
    )
    document = lay_out([pg])
    assert document.text == "前文。\n名称\t规格\n胶囊\t0.75μg\n后文。"
    (table,) = document.tables
    assert [[document.text[a:b] for a, b in row] for row in table.cells] == [["名称", "规格"], ["胶囊", "0.75μg"]]


@pytest.mark.parametrize(
    ("chars_", "usable"),
    [(list("本院认为"), True), (["\x01", "\x02", "\x03", "本"], False), (["\ufffd"] * 5, False), ([], False)],
)
def test_usable_text(chars_, usable):
    assert usable_text(chars_) is usable


# --- boxes stay aligned with text -----------------------------------------------------------

TEXTS = st.text(alphabet="甲乙丙。：，ab1 \u3000", min_size=1, max_size=28)  # fits the page


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(TEXTS, min_size=1, max_size=6), min_size=1, max_size=3), st.booleans())
def test_every_box_holds_its_character(pages_lines, indent):
    pages = []
    placed: dict[tuple[int, float], list[Char]] = {}
    for number, lines in enumerate(pages_lines, 1):
        line_chars = [chars(text, LEFT + (2 * EM if indent else 0), 200 + 28 * i) for i, text in enumerate(lines)]
        pg = page(*line_chars, number=number)
        pages.append(pg)
        for ch in pg.chars:
            placed.setdefault((number, ch.x0), []).append(ch)
    document = lay_out(pages)
    assert len(document.boxes) == len(document.text) == len(document.page_of_char)
    for i, box in enumerate(document.boxes):
        if box is None:
            assert document.text[i] in " \n\t"
            continue
        assert 0 <= box.x0 < box.x1 <= W and 0 <= box.top < box.bottom <= H
        inside = [c for c in placed[(box.page, box.x0)] if box.top <= c.top and c.bottom <= box.bottom]
        assert [c.text for c in inside] == [document.text[i]]
        assert document.page_of_char[i] == box.page
    assert sorted(document.text.replace(" ", "").replace("\n", "")) == sorted(c.text for p in pages for c in p.chars)
