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


# --- hostile DOCX: checked before any XML is parsed (issue 12) ------------------------------
# The finding: a DOCX whose document.xml inflates to 1.15 GB was parsed until the memory cap
# stopped it (30 s), reported as "damaged DOCX: XMLSyntaxError". Each file is made here.


def _hostile_docx(path: Path, document_xml_bytes: int, *, extra_parts: int = 0) -> Path:
    """A real DOCX (the fixture) whose word/document.xml is replaced by a valid start and
    `document_xml_bytes` of spaces (it compresses about 1000:1), with `extra_parts` small
    parts added."""
    import zipfile

    with zipfile.ZipFile(FIXTURES / "ruling.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                start = source.read(item)[:200]
                part = zipfile.ZipInfo(item.filename)
                part.compress_type = zipfile.ZIP_DEFLATED
                with target.open(part, "w", force_zip64=True) as out:
                    out.write(start)
                    block = b" " * (1 << 20)
                    for _ in range(document_xml_bytes >> 20):
                        out.write(block)
            else:
                target.writestr(item, source.read(item))
        for number in range(extra_parts):
            target.writestr(f"word/media/part{number}.xml", b"<x/>")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ReadError) as refused:
        read_document(path)
    return str(refused.value)


def test_a_docx_declaring_1_15_gb_is_refused_before_parsing(tmp_path):
    reason = _refusal(_hostile_docx(tmp_path / "bomb.docx", 1150 * 1024 * 1024))
    assert reason == "DOCX too large when decompressed (word/document.xml declares 1150 MB, limit 100 MB in all)"


def test_a_docx_part_compressed_a_thousandfold_is_refused(tmp_path):
    reason = _refusal(_hostile_docx(tmp_path / "ratio.docx", 20 * 1024 * 1024))
    assert reason.startswith("DOCX compression ratio too high (word/document.xml ")
    assert reason.endswith(":1, limit 200:1)")


def test_a_docx_with_thousands_of_parts_is_refused(tmp_path):
    reason = _refusal(_hostile_docx(tmp_path / "parts.docx", 1024, extra_parts=1000))
    assert reason.startswith("DOCX has too many parts (10") and reason.endswith(", limit 1000)")


def test_a_docx_that_lies_about_its_size_is_stopped_while_inflating(tmp_path):
    """The central directory and local header say 1 KB; the part inflates to 20 MB."""
    import struct

    path = _hostile_docx(tmp_path / "liar.docx", 20 * 1024 * 1024)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # the central directory's entry: its uncompressed size (offset 24) says 1 KB
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46: entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24: entry + 28] = struct.pack("<I", 1024)
    # and so does the zip64 extra field of its local header, when there is one
    true_size = struct.pack("<Q", 20 * 1024 * 1024 + 200)
    if (at := data.find(true_size)) != -1:
        data[at:at + 8] = struct.pack("<Q", 1024)
    path.write_bytes(bytes(data))
    reason = _refusal(path)
    assert reason.startswith("damaged DOCX: BadZipFile") or reason.startswith("DOCX too large when decompressed")
    assert "XMLSyntaxError" not in reason, reason


def test_an_ordinary_docx_passes_the_check():
    from extract.docx_file import check_docx

    for path in [FIXTURES / "ruling.docx", *sorted((FIXTURES.parents[2] / "corpus" / "docx").glob("*.docx"))]:
        check_docx(path)


def test_paragraph_text_is_python_docx_paragraph_text(tmp_path):
    """The reader walks a paragraph's children itself (python-docx ran two XPath queries per
    paragraph and run: a third of a 100,000-paragraph DOCX's reading); the text is the same,
    runs, tabs, breaks, hyperlinks and the corpus's DOCX included."""
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph

    from extract.docx_file import paragraph_text

    doc = new_docx()
    paragraph = doc.add_paragraph("第一段")
    run = paragraph.add_run("甲\t乙")
    run.add_break()
    paragraph.add_run("丙")
    paragraph._p.append(parse_xml(
        '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:r><w:t>链接</w:t></w:r><w:r><w:noBreakHyphen/><w:t>文字</w:t></w:r></w:hyperlink>"))
    doc.save(tmp_path / "runs.docx")
    documents = [new_docx(str(tmp_path / "runs.docx")), new_docx(str(FIXTURES / "ruling.docx")),
                 *(new_docx(str(p)) for p in sorted((FIXTURES.parents[2] / "corpus" / "docx").glob("*.docx")))]
    checked = 0
    for document in documents:
        blocks = [b for b in document.iter_inner_content() if isinstance(b, Paragraph)]
        blocks += [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
        for block in blocks:
            assert paragraph_text(block._p) == block.text
            checked += 1
    assert checked > 100
    assert paragraph_text(documents[0].paragraphs[0]._p) == "第一段甲\t乙\n丙链接-文字"
