"""The extraction benchmark's pieces that tests rely on (nothing timed here)."""

from __future__ import annotations

import pypdfium2 as pdfium

from bench import extract as bench_extract


def test_the_long_scan_is_made_of_scanned_pages(tmp_path):
    path = bench_extract.long_scan(tmp_path / "scan.pdf", 7)
    pdf = pdfium.PdfDocument(path)
    try:
        assert len(pdf) == 7
    finally:
        pdf.close()


def test_characters_correct_counts_the_truths_characters_found_in_order():
    assert bench_extract.characters_correct("本院 认为", "本院认为") == 1.0
    assert bench_extract.characters_correct("本院认为", "本认为") == 0.75
