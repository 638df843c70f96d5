"""PDF copies through LibreOffice headless (approximate previews with substitute fonts)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

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
