from hypothesis import given
from hypothesis import strategies as st

from extract.evidence import document_from_text, evidence_for
from extract.model import Box, Document

LINES = ["原告：甲制药有限公司，住所地北京市。", "被告：乙药业股份有限公司", "专利号ZL201911937865.X"]


def _laid_out(lines: list[str], per_page: int = 2) -> Document:
    """A document whose line i stands on page i // per_page, 20 pt per line, 10 pt per char."""
    text, boxes, pages = [], [], []
    for i, line in enumerate(lines):
        page, row = i // per_page + 1, i % per_page
        for j, _ in enumerate(line):
            boxes.append(Box(page, 10.0 * j, 20.0 * row, 10.0 * j + 10, 20.0 * row + 12))
            pages.append(page)
        if i < len(lines) - 1:
            text.append(line + "\n")
            boxes.append(None)
            pages.append(page)
        else:
            text.append(line)
    joined = "".join(text)
    return Document(joined, tuple(boxes), pages[-1], page_of_char=tuple(pages))


DOC = _laid_out(LINES)


@given(st.integers(0, len(DOC.text)), st.integers(0, len(DOC.text)))
def test_evidence_text_is_the_text_at_its_place(a, b):
    start, end = min(a, b), max(a, b)
    pieces = evidence_for(DOC, "x", start, end)
    assert "".join(p.text for p in pieces) == "".join(DOC.text[start:end].split())
    for piece in pieces:
        assert piece.bbox is not None
        x0, top, x1, bottom = piece.bbox
        assert x0 < x1 and top < bottom
        assert 1 <= piece.page <= DOC.pages


def test_a_value_over_two_lines_gets_two_pieces():
    start = DOC.text.index("北京市")
    end = DOC.text.index("乙药业") + 3
    pieces = evidence_for(DOC, "parties[0].address", start, end)
    assert [p.text for p in pieces] == ["北京市。", "被告：乙药业"]
    assert [p.page for p in pieces] == [1, 1]


def test_a_value_over_two_pages_names_both_pages():
    start = DOC.text.index("公司\n专利") if "公司\n专利" in DOC.text else DOC.text.index("公司", 20)
    pieces = evidence_for(DOC, "x", start, start + 5)
    assert [p.page for p in pieces] == [1, 2]


def test_docx_evidence_has_no_box():
    doc = document_from_text("被告：乙药业股份有限公司")
    (piece,) = evidence_for(doc, "parties[0].name", 3, 12)
    assert piece.page == 1 and piece.bbox is None and piece.text == "乙药业股份有限公司"
