"""PDF copies through LibreOffice headless (approximate previews with substitute fonts)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document

from generate.pdf import fontconfig_aliases, soffice, to_pdf


def test_fontconfig_maps_every_official_font():
    conf = fontconfig_aliases()
    for name in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体"):
        assert f"<string>{name}</string>" in conf
    assert "<const>bold</const>" in conf  # 小标宋 → a bold serif


def test_no_libreoffice_means_no_pdf(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert to_pdf([tmp_path / "x.docx"], tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or pdftotext not installed")
def test_pdf_copy_keeps_the_chinese_text(drafted, tmp_path):
    source = tmp_path / "delisting_notice.docx"
    source.write_bytes(drafted["delisting_notice"])
    (pdf,) = to_pdf([source], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = "".join(text.split())
    for words in ("广东省医药集中采购中心文件", "粤医采〔2099〕1号", "涉事产品清单", "2099年3月5日"):
        assert words in squeezed
    assert "□" not in text


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # gone, or ending right now (ProcessLookupError)
        return False
    return "\nState:\tZ" not in status


def test_a_conversion_that_times_out_leaves_no_process_behind(tmp_path):
    """soffice is a launcher: on a timeout its soffice.bin child kept running."""
    document = tmp_path / "x.docx"
    Document().save(document)
    pidfile = tmp_path / "child.pid"
    launcher = tmp_path / "soffice"
    launcher.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nwait\n")
    launcher.chmod(0o755)
    with pytest.raises(subprocess.TimeoutExpired):
        to_pdf([document], tmp_path / "out", timeout=1, program=str(launcher))
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _lines(pdf_path: Path) -> list[list[tuple[float, float]]]:
    """Per page, its text lines as (font size, width in full-width characters: CJK 1, ASCII
    ½), from the PDF's character positions."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                if char["text"].strip():
                    rows.setdefault(round(char["top"]), []).append(char)
            pages.append([(round(chars[0]["size"]), sum(1 if ord(c["text"]) >= 0x2E80 else 0.5 for c in chars))
                          for _, chars in sorted(rows.items())])
    return pages


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_the_downloaded_docx_lays_out_28_by_22_in_libreoffice(tmp_path):
    """The DOCX an officer downloads, opened in LibreOffice, set about 14 characters a line
    and wrapped the red header (the grid's negative charSpace; the preview hid it by
    rendering a stripped copy). Rendered as downloaded: 28 characters a line, 22 lines a
    page, the 发文机关标志 on one line."""
    import dataclasses
    import datetime as dt

    from generate.render import TemplateSet, issue
    from tests.generate.generate_builders import sample_plans

    plan = sample_plans()["delisting_notice"]
    long_names = "艾地骨化醇软胶囊" * 200  # one paragraph of 1,600 characters: full pages of body text
    plan = dataclasses.replace(plan, values={**plan.values, "product_names": long_names,
                                             "office_mark": "广东省医药集中采购中心文件"})
    _, values = issue(plan, lambda prefix, year: 1, dt.date(2099, 3, 5))
    source = tmp_path / "notice.docx"
    source.write_bytes(TemplateSet().render("delisting_notice", values))
    (pdf,) = to_pdf([source], tmp_path)
    pages = _lines(pdf)
    body = [[count for size, count in page if size == 16] for page in pages]
    assert max(max(page, default=0) for page in body) <= 28.5  # none wider (a digit may stand beside 28)
    assert sum(page.count(28) for page in body) >= 40  # the long paragraph's lines: 28 characters each
    assert max(len(page) for page in body) == 22  # a page of body text: 22 lines
    marks = [(size, count) for size, count in pages[0] if size > 26]
    assert marks == [(marks[0][0], len("广东省医药集中采购中心文件"))]  # the red header on one line
