"""The corpus source markup: what parses into which blocks, and which mistakes are named where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.layouts import LAYOUTS, layout_names
from corpus.markup import MarkupError, PageBreak, Paragraph, Table, load_source, parse_source

HEADER = "---\nid: 01_test_doc\nlayout: court_a\n---\n"
README = Path(__file__).resolve().parents[2] / "corpus" / "README.md"


def body(text: str) -> str:
    """A source with a valid front matter and `text` as its body."""
    return HEADER + text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("原告：甲公司。", (Paragraph("body", "原告：甲公司。", 5),)),
        ("@center 最高人民法院", (Paragraph("center", "最高人民法院", 5),)),
        ("@title 民 事 判 决 书", (Paragraph("title", "民 事 判 决 书", 5),)),
        ("@right （2099）最高法知民终1号", (Paragraph("right", "（2099）最高法知民终1号", 5),)),
        ("@left 请求人：甲公司", (Paragraph("left", "请求人：甲公司", 5),)),
        ("甲\n\n\n乙", (Paragraph("body", "甲", 5), Paragraph("body", "乙", 8))),
        ("甲\n@pagebreak\n乙", (Paragraph("body", "甲", 5), PageBreak(6), Paragraph("body", "乙", 7))),
        (
            "@table\n产品名称 | 规格\n艾地骨化醇软胶囊 | 0.75μg\n@endtable",
            (Table((("产品名称", "规格"), ("艾地骨化醇软胶囊", "0.75μg")), 5),),
        ),
        ("a|b 不是表格", (Paragraph("body", "a|b 不是表格", 5),)),
        ("   前后空白   ", (Paragraph("body", "前后空白", 5),)),
    ],
)
def test_blocks(text: str, expected: tuple) -> None:
    assert parse_source(body(text), "x.txt").blocks == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("id: 01_a\nlayout: court_b\n", ("01_a", "court_b", False, False, False)),
        (
            "id: 01_a\nlayout: office_a   # comment\nholdout: true\nscan: true\ndocx_input: true\n",
            ("01_a", "office_a", True, True, True),
        ),
        (
            "# a comment line\nid: 01_a\nlayout: court_a\nscan: false\n",
            ("01_a", "court_a", False, False, False),
        ),
    ],
)
def test_front_matter(front: str, expected: tuple) -> None:
    source = parse_source(f"---\n{front}---\n正文。\n", "x.txt", layout_names())
    assert (source.id, source.layout, source.holdout, source.scan, source.docx_input) == expected


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id: 01_a\n---\n", 1, "front-matter block"),
        ("---\nid: 01_a\nlayout: court_a\n", 3, "not closed"),
        ("---\nid: 01_a\n---\n正文\n", 3, "lacks 'layout'"),
        ("---\nid: 01_a\nlayout: court_z\n---\n正文\n", 3, "unknown layout 'court_z'"),
        ("---\nid: 01_a\nlayout: court_a\ncolour: red\n---\n正文\n", 4, "unknown front-matter key 'colour'"),
        ("---\nid: 01_a\nlayout: court_a\nscan: yes\n---\n正文\n", 4, "scan must be true or false"),
        ("---\nid: First Doc\nlayout: court_a\n---\n正文\n", 2, "id must look like"),
        ("---\nid: 01_a\nlayout: court_a\nid: 01_b\n---\n正文\n", 4, "given twice"),
        ("---\nid: 01_a\nlayout: court_a\n---\n\n", 4, "no text"),
        (body("@centre 最高人民法院"), 5, "unknown directive '@centre'"),
        (body("@right"), 5, "@right needs text"),
        (body("@pagebreak now"), 5, "takes no text"),
        (body("@table\na | b\nc | d\n"), 5, "not closed by @endtable"),
        (body("@endtable"), 5, "@endtable without @table"),
        (body("@table\na | b\nc | d | e\n@endtable"), 7, "has 3 cells, the header has 2"),
        (body("@table\na | b\n@endtable"), 5, "header row and at least one data row"),
        (body("@table\n单列\n@endtable"), 6, "cells separated by"),
        (body("@table\na | b\n@pagebreak\n@endtable"), 7, "@pagebreak inside a table"),
    ],
)
def test_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_source(text, "corpus/src/01_a.txt", layout_names())
    assert caught.value.line == line
    assert str(caught.value).startswith(f"corpus/src/01_a.txt:{line}: ")
    assert message in str(caught.value)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "02_other.txt"
    path.write_text(body("正文。"), encoding="utf-8")
    with pytest.raises(MarkupError, match="differs from the file name '02_other'"):
        load_source(path, layout_names())


# Text that is not a directive: no leading @, no line breaks, something visible.
plain_lines = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\x85@"),
    min_size=1,
).filter(lambda text: text.strip() != "" and text.strip() == text.strip().splitlines()[0])


@given(plain_lines)
def test_any_plain_line_is_one_body_paragraph(text: str) -> None:
    (block,) = parse_source(body(text), "x.txt").blocks
    assert block == Paragraph("body", text.strip(), 5)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_is_documented(name: str) -> None:
    assert re.search(rf"`{name}`", README.read_text(encoding="utf-8")), f"{name} missing in corpus/README.md"


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_layouts_are_plausible(layout) -> None:
    assert 14 <= layout.body_size <= 16
    assert all(15 <= margin <= 40 for margin in layout.margins_mm)
    assert layout.line_spacing <= 3 or layout.line_spacing >= layout.body_size
