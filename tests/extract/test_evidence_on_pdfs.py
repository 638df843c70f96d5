"""Evidence points at the printed words: the text of every evidence entry is what pdfplumber
reads inside its box on its page (corpus PDFs made the way courts make them)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extract.jsonout import ruling_to_json
from extract.ruling import read_ruling

PDFS = sorted((Path(__file__).resolve().parents[2] / "corpus" / "pdf").glob("*.pdf"))[::5]


@pytest.mark.slow
@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_evidence_text_stands_in_its_box(path):
    evidence = ruling_to_json(read_ruling(path))["evidence"]
    assert evidence
    with pdfplumber.open(path) as pdf:
        for entry in evidence:
            assert entry["bbox"] is not None, entry
            x0, top, x1, bottom = entry["bbox"]
            page = pdf.pages[entry["page"] - 1]
            inside = "".join((page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text() or "").split())
            printed = "".join(entry["text"].split())
            assert printed in inside or inside in printed, (entry["field"], printed, inside)
