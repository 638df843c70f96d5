"""Tables on scanned pages rebuilt from OCR'd characters (extract/ocr_tables.py)."""

from extract.layout import Char, Page, lay_out
from extract.ocr_tables import ocr_tables


def _run(text: str, x: float, top: float) -> list[Char]:
    """One OCR run as characters 10 pt wide (5 pt for ASCII), 10 pt high."""
    chars, pos = [], x
    for ch in text:
        width = 5.0 if ch.isascii() else 10.0
        chars.append(Char(ch, pos, top, pos + width, top + 10, 10.0))
        pos += width
    return chars


def _page(runs: list[tuple[str, float, float]]) -> list[Char]:
    return [c for text, x, top in runs for c in _run(text, x, top)]


SCANNED_TABLE = _page(
    [
        ("本局调取的证据显示，两被请求人的产品情况如下：", 50, 80),
        ("被请求人", 50, 100), ("产品名称", 130, 100), ("规格", 230, 100), ("批准文号", 300, 100),
        ("康泰公司", 50, 120), ("恩格列净二", 130, 120), ("12.5mg/", 230, 120), ("国药准字", 300, 120),
        # the second line of the first row: the engine read the right cell before the left one
        ("1000mg", 230, 134), ("甲双胍缓释片", 130, 134), ("H20980127", 300, 134),
        ("锦岚公司", 50, 150), ("恩格列净片", 130, 150), ("10mg", 230, 150), ("国药准字H20960883", 300, 150),
        ("康泰公司的恩格列净二甲双胍缓释片为双层片，其中速释层含恩格列净。", 50, 175),
    ]
)


def test_header_labels_give_the_columns_and_the_first_column_starts_rows():
    (table,) = ocr_tables(SCANNED_TABLE, 1)
    assert len(table) == 3  # header + two rows
    assert all(len(row) == 4 for row in table)


def test_the_rebuilt_table_reads_as_cells():
    page = Page(1, 600, 800, tuple(SCANNED_TABLE), ocr_tables(SCANNED_TABLE, 1), ocr=True)
    doc = lay_out([page])
    (table,) = doc.tables
    cells = [[doc.text[s:e] for s, e in row] for row in table.cells]
    assert cells[0] == ["被请求人", "产品名称", "规格", "批准文号"]
    assert cells[1][1] == "恩格列净二甲双胍缓释片"
    assert cells[2] == ["锦岚公司", "恩格列净片", "10mg", "国药准字H20960883"]
    assert "康泰公司的恩格列净" in doc.text.split("\n")[-1]


def test_prose_naming_two_labels_is_no_table():
    chars = _page([("产品名称和规格见下文，批准文号另附。", 50, 100), ("其他内容", 50, 120)])
    assert ocr_tables(chars, 1) == ()


def test_ocr_reads_multiplication_signs_but_keeps_upper_case_x():
    from extract.ocr import OcrText, chars_from_runs

    def text(run: str) -> str:
        return "".join(c.text for c in chars_from_runs([OcrText(run, 0, 0, 200, 10)], 1.0))

    assert text("10mgx10片x3板/盒") == "10mg×10片×3板/盒"
    assert text("91320100MA1X7M3UB8") == "91320100MA1X7M3UB8"  # a USCC
    assert text("ZL201911937865.X") == "ZL201911937865.X"


def test_a_run_read_out_of_order_keeps_its_place():
    """RapidOCR may give a table's right cell before the left one on the same line."""
    from extract.ocr import OcrText, chars_from_runs

    chars = chars_from_runs([OcrText("1000mg", 230, 134, 260, 144), OcrText("甲双胍", 130, 134, 160, 144)], 1.0)
    assert min(c.x0 for c in chars if c.text == "甲") < 200
