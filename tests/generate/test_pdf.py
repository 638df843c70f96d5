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
