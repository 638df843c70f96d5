"""The PDF reader on the LibreOffice-made fixture judgment (tests/extract/fixtures/build.py)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extract.model import ReadError
from extract.read import read_document

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def ruling():
    return read_document(FIXTURES / "ruling.pdf", ocr=None)


@pytest.mark.parametrize(
    "paragraph",
    [
        "中华人民共和国最高人民法院",
        "民事判决书",
        "（2099）最高法知民终1号",
        "法定代表人：王某某，该公司董事长。",
        # wrapped over three lines, a Latin word moved down whole, a character moved down with 。
        "上诉人甲乙制药有限公司因与被上诉人丙丁医药科技股份有限公司侵害发明专利权纠纷一案，"
        "不服江苏省南京市中级人民法院（2098）苏01民初123号民事判决，向本院提起上诉。本院于2099年1月5日"
        "立案后，依法组成合议庭，公开开庭进行了审理。本案现已审理终结。",
        "丙丁公司系专利号为ZL201911937865.X、名称为“一种艾地骨化醇软胶囊及其制备方法”的发明专利的专利权人，"
        "该专利至今合法有效。丙丁公司认为，甲乙公司制造、销售的艾地骨化醇软胶囊（规格0.75μg，批准文号国药准字"
        "H20990001）落入涉案专利权利要求1的保护范围。",
        "产品名称\t规格\t批准文号",
        "审判长 张某某",
        "二〇九九年三月一日",
    ],
)
def test_paragraphs_are_lines(ruling, paragraph):
    assert paragraph in ruling.text.split("\n")


def test_running_header_and_page_numbers_are_gone(ruling):
    lines = ruling.text.split("\n")
    assert lines.count("（2099）最高法知民终1号") == 1  # the one under the title, not the header
    assert not any("- 1 -" in line or line.endswith("最高法知民终1号") and "院" in line for line in lines)
    assert ruling.pages == 2 and ruling.ocr_pages == () and ruling.warnings == ()


def test_table_cells(ruling):
    (table,) = ruling.tables
    cells = [[ruling.text[a:b] for a, b in row] for row in table.cells]
    assert cells == [["产品名称", "规格", "批准文号"], ["艾地骨化醇软胶囊", "0.75μg", "国药准字H20990001"]]
    assert table.page == 2


def test_page_of_char(ruling):
    assert len(ruling.page_of_char) == len(ruling.text)
    assert ruling.page_of_char[0] == 1 and ruling.page_of_char[-1] == 2
    assert ruling.page_at(ruling.text.index("综上所述")) == 2


def assert_boxes_hold_their_characters(path: Path, document) -> None:
    """Every box is on its page and holds the centre of a pdfplumber character (the
    coordinates the contract names) equal to `text[i]`; separators have no box."""
    with pdfplumber.open(path) as pdf:
        pages = []
        for page in pdf.pages:
            grid: dict[tuple[int, int], set[str]] = {}
            for c in page.chars:
                key = (int((c["x0"] + c["x1"]) / 2 // GRID), int((c["top"] + c["bottom"]) / 2 // GRID))
                grid.setdefault(key, set()).add(c["text"])
            pages.append((page.width, page.height, grid))
    for i, box in enumerate(document.boxes):
        if box is None:
            assert document.text[i] in "\n\t ", i
            continue
        width, height, grid = pages[box.page - 1]
        assert 0 <= box.x0 < box.x1 <= width and 0 <= box.top < box.bottom <= height, (i, box)
        found = set()
        for gx in range(int((box.x0 - 1) // GRID), int((box.x1 + 1) // GRID) + 1):
            for gy in range(int((box.top - 1) // GRID), int((box.bottom + 1) // GRID) + 1):
                found |= grid.get((gx, gy), set())
        assert document.text[i] in found, (path.name, i, document.text[i], found)


GRID = 4.0  # points: cell size of the look-up grid of pdfplumber's characters


def test_every_box_lies_on_its_page_over_its_character(ruling):
    """Exhaustively on the fixture (the same property over random pages: test_layout.py)."""
    assert_boxes_hold_their_characters(FIXTURES / "ruling.pdf", ruling)


CORPUS = sorted((Path(__file__).resolve().parents[2] / "corpus" / "pdf").glob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="corpus/pdf is not built")
def test_boxes_hold_their_characters_across_the_corpus():
    for path in CORPUS:
        assert_boxes_hold_their_characters(path, read_document(path, ocr=None))


def test_long_document_reads_every_page():
    document = read_document(FIXTURES / "long.pdf", ocr=None)
    assert document.pages > 50
    assert document.text.count("本院认为，本案的争议焦点") == 60
    assert set(document.page_of_char) == set(range(1, document.pages + 1))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"hello, not a pdf", "not a PDF or DOCX file"),
        (b"%PDF-1.7\n1 0 obj <<", "damaged PDF: data format error"),
    ],
)
def test_unreadable_files(tmp_path, content, reason):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path, ocr=None)
    assert str(caught.value) == reason


def _zip(path: Path, name: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, "<x/>")


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.7\n"), "pdf"),
        (lambda p: p.write_bytes(b"\x00junk before the header %PDF-1.4\n"), "pdf"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), None),
        (lambda p: _zip(p, "word/document.xml"), "docx"),
        (lambda p: _zip(p, "xl/workbook.xml"), None),
        (lambda p: p.write_text("本院认为", encoding="utf-8"), None),
    ],
)
def test_sniff_reads_the_content_not_the_name(tmp_path, make, kind):
    from extract.sniff import sniff

    path = tmp_path / "file.pdf"
    make(path)
    assert sniff(path) == kind


# --- the real cause when pdfium opens nothing (issue 12) -------------------------------------
# "damaged PDF: success" was shown for four encrypted or PDF 2.0 files: pypdfium2 fails a
# document that opened but has no page with pdfium's code for success.

from tests.extract.test_badpdfs import BADPDFS  # noqa: E402 - ../shared/badpdfs, named once


def _no_pages(path: Path, header: bytes = b"%PDF-1.7", trailer_extra: bytes = b"") -> Path:
    """A well-formed PDF whose page tree holds no page."""
    from tests.extract.test_badpdfs import write_pdf

    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                     b"<< /Filter /FooSecurity /V 1 /R 2 /O <00> /U <00> /P -4 >>"])
    path.write_bytes(path.read_bytes().replace(b"%PDF-1.7", header, 1).replace(b"/Root 1 0 R", b"/Root 1 0 R" + trailer_extra))
    return path


@pytest.mark.parametrize(
    ("header", "trailer_extra", "reason"),
    [
        (b"%PDF-1.7", b"", "damaged PDF: no pages"),
        (b"%PDF-2.0", b"", "PDF 2.0 document without a page this reader can open"),
        (b"%PDF-1.7", b" /Encrypt 3 0 R", "encrypted PDF (unsupported security handler)"),
    ],
)
def test_a_pdf_pdfium_cannot_open_gets_its_real_cause(tmp_path, header, trailer_extra, reason):
    path = _no_pages(tmp_path / "x.pdf", header, trailer_extra)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    with pytest.raises(ReadError):  # pdfium's last error is now a stale "data format error"
        read_document(damaged, ocr=None)
    with pytest.raises(ReadError) as caught:
        read_document(path, ocr=None)
    assert str(caught.value) == reason
    assert "success" not in str(caught.value)


@pytest.mark.skipif(not BADPDFS.is_dir(), reason=f"{BADPDFS} is not there")
@pytest.mark.parametrize(
    ("name", "reason"),
    [  # the encrypted and PDF 2.0 files of ../shared/badpdfs, as pdfium reports them when it opens no page
        ("pypdf/encryption__r6-empty-password.pdf", "encrypted PDF (no page could be decrypted)"),
        ("pypdf/encryption__r5-empty-password.pdf", "encrypted PDF (no page could be decrypted)"),
        ("pdfminer/encryption__aes-256-r6.pdf", "encrypted PDF (no page could be decrypted)"),
        ("qpdf-qtest/reuse-xref-stream.pdf", "PDF 2.0 document without a page this reader can open"),
    ],
)
def test_a_shared_bad_pdf_without_pages_names_the_cause(name, reason):
    """Were pdfium to open no page of these files (the desk's pdfium did), the cause read
    from the file is named."""
    from extract.pdf import _no_page_cause

    assert _no_page_cause(BADPDFS / name) == reason


@pytest.mark.skipif(not BADPDFS.is_dir(), reason=f"{BADPDFS} is not there")
@pytest.mark.parametrize("path", sorted(p for p in BADPDFS.rglob("*.pdf") if "encrypt" in p.name or "password" in p.name)
                         if BADPDFS.is_dir() else [], ids=lambda p: p.name)
def test_encrypted_shared_pdfs_open_or_say_they_are_encrypted(path):
    try:
        read_document(path, ocr=None)
    except ReadError as err:
        assert str(err).startswith("encrypted PDF ("), str(err)
