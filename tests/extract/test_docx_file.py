"""The DOCX reader: body paragraphs and tables in document order, page 1, no boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as new_docx

from extract.docx_file import _clean
from extract.model import ReadError
from extract.read import read_document

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def ruling():
    return read_document(FIXTURES / "ruling.docx")


def test_same_paragraphs_as_the_pdf_made_from_it(ruling):
    pdf = read_document(FIXTURES / "ruling.pdf", ocr=None)
    assert ruling.text == pdf.text


def test_positions_are_page_one_without_boxes(ruling):
    assert ruling.pages == 1
    assert set(ruling.boxes) == {None}
    assert len(ruling.page_of_char) == len(ruling.text) and set(ruling.page_of_char) == {1}


def test_table_in_document_order(tmp_path):
    doc = new_docx()
    doc.add_paragraph("前文。")
    doc.add_paragraph("")
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([["名称", "规格"], ["胶囊", "0.75μg"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("后文。")
    path = tmp_path / "t.docx"
    doc.save(path)
    document = read_document(path)
    assert document.text == "前文。\n名称\t规格\n胶囊\t0.75μg\n后文。"
    (found,) = document.tables
    assert [[document.text[a:b] for a, b in row] for row in found.cells] == [["名称", "规格"], ["胶囊", "0.75μg"]]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("民 事 判 决 书", "民事判决书"),
        ("判　决　书", "判决书"),
        ("审　判　长　　张某某", "审判长 张某某"),
        ("  本院认为，\n本案……  ", "本院认为，本案……"),
        ("Zen  of\tPython", "Zen of Python"),
        ("\u3000\u3000", ""),
    ],
)
def test_clean(raw, clean):
    assert _clean(raw) == clean


def test_a_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "x.docx"
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(ReadError, match="^damaged DOCX"):
        read_document(path)
