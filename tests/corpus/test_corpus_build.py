"""Building corpus files: the DOCX as typeset, and (slow, LibreOffice) the PDFs and scans."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from corpus.build import (
    build,
    builder_sha256,
    expected_files,
    main,
    prune,
    read_manifest,
    sha256_file,
    staleness,
)
from corpus.docx_writer import render_docx, save_docx
from corpus.layouts import LAYOUTS, layout_names
from corpus.libreoffice import convert_to_pdf, fix_pdf_metadata, soffice_available
from corpus.markup import load_source, parse_source
from corpus.scan import MAX_PAGE_BYTES, scan_pdf

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "00_fixture_court.txt"
COURT = "江南省临川市中级人民法院"
CASE_NUMBER = "（2099）江01知民初7号"
# A CJK ideograph: 判.
HANZI_RE = re.compile(r"[\u4e00-\u9fff]")

needs_soffice = pytest.mark.skipif(
    not soffice_available(), reason="LibreOffice (soffice) is not installed; the corpus build needs it"
)


@pytest.fixture(scope="module")
def fixture_source():
    """The small fixture source, parsed."""
    return load_source(FIXTURE, layout_names())


# --- the DOCX, no LibreOffice needed --------------------------------------------------


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_docx_names_the_official_fonts(fixture_source, name: str) -> None:
    layout = LAYOUTS[name]
    document = render_docx(dataclasses.replace(fixture_source, layout=name), layout)
    body = next(p for p in document.paragraphs if p.text.startswith("原告："))
    fonts = body.runs[0]._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == layout.body_font
    assert fonts.get(qn("w:ascii")) == layout.latin_font


@pytest.mark.parametrize(
    ("name", "fields"),
    [("court_a", ["PAGE"]), ("court_b", ["PAGE", "NUMPAGES"]), ("office_a", ["PAGE"]), ("office_c", [])],
)
def test_docx_footer_has_page_fields(fixture_source, name: str, fields: list[str]) -> None:
    document = render_docx(dataclasses.replace(fixture_source, layout=name), LAYOUTS[name])
    footer = document.sections[0].footer._element
    assert [element.text.strip() for element in footer.iter(qn("w:instrText"))] == fields


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("@right （2099）江01知民初7号", "（2099）江01知民初7号"),
        ("@center 国知药裁 〔2099〕 21 号", "国知药裁 〔2099〕 21 号"),
        ("@left 赣医保函〔2099〕27号", "赣医保函〔2099〕27号"),
        ("@right 二〇九九年七月十五日", ""),  # no number above the body: no running header
    ],
)
def test_docx_running_header_shows_the_case_number(heading: str, expected: str) -> None:
    source = parse_source(
        f"---\nid: 01_a\nlayout: court_c\n---\n@center 某法院\n{heading}\n正文。\n", "x.txt"
    )
    document = render_docx(source, LAYOUTS["court_c"])
    assert document.sections[0].header.paragraphs[0].text == expected
    assert document.sections[0].first_page_header.paragraphs[0].text == ""


def test_docx_bytes_are_reproducible(fixture_source, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    save_docx(render_docx(fixture_source, LAYOUTS["court_b"]), first)
    save_docx(render_docx(fixture_source, LAYOUTS["court_b"]), second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("pdf", "expected"),
    [
        (b"/CreationDate(D:20261125093012+00'00')", b"/CreationDate(D:20991231000000+00'00')"),
        (b"/ModDate (D:2026112509)", b"/ModDate (D:2099123100)"),
        (b"/Producer(LibreOffice)", b"/Producer(LibreOffice)"),
    ],
)
def test_fix_pdf_metadata_dates(pdf: bytes, expected: bytes) -> None:
    assert fix_pdf_metadata(pdf, seed="x") == expected


def test_fix_pdf_metadata_id_depends_on_seed_only() -> None:
    pdf = b"trailer << /ID [ <0A1B2C3D> <0A1B2C3D> ] >>"
    fixed = fix_pdf_metadata(pdf, seed="x")
    assert len(fixed) == len(pdf)
    assert fixed == fix_pdf_metadata(pdf.replace(b"0A1B2C3D", b"99999999"), seed="x")
    assert fixed != fix_pdf_metadata(pdf, seed="y")


# --- the PDF, through LibreOffice -----------------------------------------------------


@pytest.fixture(scope="module")
def layout_pdfs(fixture_source, tmp_path_factory) -> dict[str, Path]:
    """The fixture typeset in every layout, converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("layouts")
    paths = []
    for name, layout in LAYOUTS.items():
        path = folder / f"{name}.docx"
        save_docx(render_docx(dataclasses.replace(fixture_source, layout=name), layout), path)
        paths.append(path)
    return {path.stem: pdf for path, pdf in convert_to_pdf(paths, folder / "pdf").items()}


def page_lines(pdf: Path) -> list[list[str]]:
    """The text lines of every page."""
    with pdfplumber.open(pdf) as document:
        return [(page.extract_text() or "").splitlines() for page in document.pages]


FOOTERS = {
    "dash": r"- {n} -",
    "page_of": r"第 ?{n} ?页 共 ?\d ?页",
    "plain": r"{n}",
    "emdash": r"— {n} —",
}


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_pdf_header_and_footer(layout_pdfs, name: str) -> None:
    layout = LAYOUTS[name]
    pages = page_lines(layout_pdfs[name])
    assert 2 <= len(pages) <= 6
    assert pages[0][0] == COURT, "no running header on the first page"
    header = {"authority": COURT, "case_number": CASE_NUMBER}.get(layout.header)
    for number, lines in enumerate(pages[1:], start=2):
        if header:
            assert lines[0] == header
        else:
            assert lines[0] not in (COURT, CASE_NUMBER)
        if layout.footer == "none":
            assert not re.fullmatch(r"\W*\d+\W*", lines[-1])
        else:
            assert re.fullmatch(FOOTERS[layout.footer].format(n=number), lines[-1]), lines[-1]


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_pdf_has_cjk_text_in_the_mapped_fonts(layout_pdfs, name: str) -> None:
    body_text = FIXTURE.read_text(encoding="utf-8").split("---\n", 2)[2]
    source_hanzi = len(HANZI_RE.findall(body_text))
    family = "NotoSansCJK" if LAYOUTS[name].body_font == "黑体" else "NotoSerifCJK"
    with pdfplumber.open(layout_pdfs[name]) as document:
        chars = [char for page in document.pages for char in page.chars if HANZI_RE.match(char["text"])]
        text = "".join(page.extract_text() for page in document.pages)
    assert len(chars) >= source_hanzi  # every one printed (plus running headers and footers)
    body_fonts = {
        char["fontname"].split("+")[-1] for char in chars if char["size"] == LAYOUTS[name].body_size
    }
    assert body_fonts and all(font.startswith(family) for font in body_fonts), body_fonts
    assert "青岚生物医药股份有限公司" in text.replace("\n", "")
    assert "ZL201911937865.X" in text.replace("\n", "")


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize(("name", "title"), [("court_a", "民 事 判 决 书"), ("office_a", "民事判决书")])
def test_pdf_title_spacing(layout_pdfs, name: str, title: str) -> None:
    assert title in page_lines(layout_pdfs[name])[0]


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", ["court_a", "office_b"])
def test_pdf_table_has_drawn_borders(layout_pdfs, name: str) -> None:
    with pdfplumber.open(layout_pdfs[name]) as document:
        page = next(p for p in document.pages if "批准文号" in (p.extract_text() or ""))
        tables = page.extract_tables()  # the default strategy finds cells by their drawn lines
    assert ["产品名称", "规格", "批准文号"] in tables[0]
    assert ["艾地骨化醇软胶囊", "0.75μg", "国药准字H20990001"] in tables[0]


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory) -> Path:
    """The fixture source built with `corpus.build.build` into a fresh folder."""
    folder = tmp_path_factory.mktemp("corpus")
    build([FIXTURE], folder)
    return folder


@pytest.mark.slow
@needs_soffice
def test_build_writes_the_files_and_manifest(built_corpus: Path, fixture_source) -> None:
    manifest = json.loads((built_corpus / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["documents"]["00_fixture_court"]
    assert entry["source_sha256"] == sha256_file(FIXTURE)
    assert tuple(entry["files"]) == expected_files(fixture_source)
    assert all((built_corpus / name).is_file() for name in entry["files"])
    with pdfplumber.open(built_corpus / "pdf" / "00_fixture_court.pdf") as document:
        assert len(document.pages) == entry["pages"]
        assert document.metadata["CreationDate"].startswith("D:2099")
    kept = docx.Document(str(built_corpus / "docx" / "00_fixture_court.docx"))
    assert any(CASE_NUMBER in paragraph.text for paragraph in kept.paragraphs)


@pytest.mark.slow
@needs_soffice
def test_scan_is_image_only_with_small_pages(built_corpus: Path) -> None:
    with pdfplumber.open(built_corpus / "pdf" / "00_fixture_court.pdf") as original:
        page_count = len(original.pages)
    with pdfplumber.open(built_corpus / "scan" / "00_fixture_court.pdf") as scan:
        assert len(scan.pages) == page_count
        for page in scan.pages:
            assert page.chars == []
            (image,) = page.images
            assert len(image["stream"].get_rawdata()) <= MAX_PAGE_BYTES
            assert image["srcsize"] == (1654, 2339)  # A4 at 200 dpi


@pytest.mark.slow
@needs_soffice
def test_scan_is_reproducible(built_corpus: Path, tmp_path: Path) -> None:
    pdf = built_corpus / "pdf" / "00_fixture_court.pdf"
    scan_pdf(pdf, tmp_path / "again.pdf", seed="00_fixture_court")
    assert (tmp_path / "again.pdf").read_bytes() == (
        built_corpus / "scan" / "00_fixture_court.pdf"
    ).read_bytes()
    scan_pdf(pdf, tmp_path / "other.pdf", seed="another_id")
    assert (tmp_path / "other.pdf").read_bytes() != (tmp_path / "again.pdf").read_bytes()


# --- the command line and staleness ---------------------------------------------------


def make_corpus(folder: Path, sources: dict[str, str]) -> Path:
    """A corpus folder with the given `src/<id>.txt` texts."""
    (folder / "src").mkdir(parents=True)
    for name, text in sources.items():
        (folder / "src" / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_main_names_every_bad_source_and_builds_nothing(tmp_path: Path, capsys) -> None:
    corpus = make_corpus(
        tmp_path,
        {
            "01_good": "---\nid: 01_good\nlayout: court_a\n---\n正文。\n",
            "02_bad": "---\nid: 02_bad\nlayout: court_a\n---\n@centre 法院\n",
            "03_bad": "---\nid: 03_bad\nlayout: court_q\n---\n正文。\n",
        },
    )
    assert main(["--corpus", str(corpus)]) == 1
    errors = capsys.readouterr().err
    assert f"{corpus / 'src' / '02_bad.txt'}:5: unknown directive '@centre'" in errors
    assert f"{corpus / 'src' / '03_bad.txt'}:3: unknown layout 'court_q'" in errors
    assert not (corpus / "pdf").exists()


def test_main_refuses_unknown_ids(tmp_path: Path, capsys) -> None:
    corpus = make_corpus(tmp_path, {"01_good": "---\nid: 01_good\nlayout: court_a\n---\n正文。\n"})
    assert main(["--corpus", str(corpus), "09_missing"]) == 2
    assert "no source for: 09_missing" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({}, None),
        ({"source_sha256": "0" * 64}, "source changed"),
        ({"builder_sha256": "0" * 64}, "build code changed"),
        ({"files": ["pdf/00_fixture_court.pdf"]}, "front matter asks for other files"),
        ("missing scan", "missing scan/00_fixture_court.pdf"),
        ("no entry", "never built"),
    ],
)
def test_staleness(fixture_source, tmp_path: Path, change, why: str | None) -> None:
    entry = {
        "source_sha256": sha256_file(FIXTURE),
        "builder_sha256": builder_sha256(),
        "files": list(expected_files(fixture_source)),
    }
    for name in entry["files"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"built")
    if change == "missing scan":
        (tmp_path / "scan" / "00_fixture_court.pdf").unlink()
    elif change == "no entry":
        entry = None
    else:
        entry.update(change)
    assert staleness(entry, fixture_source, sha256_file(FIXTURE), builder_sha256(), tmp_path) == why


@pytest.mark.slow
@needs_soffice
def test_main_rebuilds_only_what_is_stale(tmp_path: Path, capsys) -> None:
    corpus = make_corpus(tmp_path, {"00_fixture_court": FIXTURE.read_text(encoding="utf-8")})
    assert main(["--corpus", str(corpus)]) == 0
    assert "built 1 of 1 documents" in capsys.readouterr().err
    assert main(["--corpus", str(corpus)]) == 0
    assert "built 0 of 1 documents" in capsys.readouterr().err
    assert main(["--corpus", str(corpus), "--check"]) == 0
    (corpus / "scan" / "00_fixture_court.pdf").unlink()
    assert main(["--corpus", str(corpus), "--check"]) == 1
    assert main(["--corpus", str(corpus)]) == 0
    assert "00_fixture_court: missing scan/00_fixture_court.pdf" in capsys.readouterr().err
    assert (corpus / "scan" / "00_fixture_court.pdf").is_file()


def test_prune_removes_what_has_no_source(tmp_path: Path) -> None:
    for name in (
        "pdf/01_kept.pdf",
        "pdf/02_gone.pdf",
        "scan/02_gone.pdf",
        "docx/02_gone.docx",
        "pdf/notes.txt",
    ):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "manifest.json").write_text('{"documents": {"01_kept": {}, "02_gone": {}}}', encoding="utf-8")
    removed = prune(tmp_path, {"01_kept"})
    assert removed == ["pdf/02_gone.pdf", "docx/02_gone.docx", "scan/02_gone.pdf"]
    assert sorted(p.name for p in tmp_path.rglob("*.*")) == ["01_kept.pdf", "manifest.json", "notes.txt"]
    assert read_manifest(tmp_path)["documents"] == {"01_kept": {}}
