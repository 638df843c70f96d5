"""Golden comparison of every corpus document against its truth, field by field.

Scores are printed at the end of the run (recorded as the `corpus_scores` property; `pytest_terminal_summary` in conftest.py prints them):
text PDFs of the development set, text PDFs of the held-out quarter (the honest estimate
on unseen rulings), scans and DOCX inputs, separately.
"""

from __future__ import annotations

import pytest

from corpus.evaluate import cases, extract_json, field_table, format_table, overall
from extract.ocr import default_engine

# What the issue asks for: ≥ 97% per-field over the corpus's text PDFs, ≥ 90% on scans.
TEXT_BAR = 0.97
SCAN_BAR = 0.90
DOCX_BAR = 0.97
# The held-out quarter is reported on its own as the honest estimate on unseen rulings; it is
# not the bar, so it only guards against a collapse.
HOLDOUT_FLOOR = 0.90


def _score(record_property, kind: str, which: str) -> tuple[float, int]:
    selected = cases(kind, which)
    if not selected:
        pytest.skip(f"no {kind} documents in the corpus ({which}); run `python -m corpus.build`")
    results = [(case, extract_json(case.path)) for case in selected]
    table = field_table(results)
    record_property("corpus_scores", format_table(f"corpus {kind} / {which}", table, len(results)))
    return overall(table), len(results)


@pytest.mark.slow
def test_text_pdfs_whole_corpus(record_property):
    score, _ = _score(record_property, "text", "all")
    assert score >= TEXT_BAR


@pytest.mark.slow
def test_text_pdfs_development_set(record_property):
    score, _ = _score(record_property, "text", "dev")
    assert score >= TEXT_BAR


@pytest.mark.slow
def test_text_pdfs_held_out_set(record_property):
    score, _ = _score(record_property, "text", "holdout")
    assert score >= HOLDOUT_FLOOR


@pytest.mark.slow
def test_docx_inputs(record_property):
    score, _ = _score(record_property, "docx", "all")
    assert score >= DOCX_BAR


@pytest.mark.slow
@pytest.mark.skipif(default_engine() is None, reason="no OCR engine installed (rapidocr_onnxruntime or tesseract)")
def test_scans(record_property):
    score, _ = _score(record_property, "scan", "all")
    assert score >= SCAN_BAR
