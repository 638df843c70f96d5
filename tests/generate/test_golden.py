"""Each document kind drafted from the sample data, compared as paragraph and table text with
`golden/<kind>.txt`. Regenerate on purpose only: RULINGDESK_UPDATE_GOLDEN=1 pytest tests/generate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generate.model import DOCUMENT_KINDS
from tests.generate.generate_builders import docx_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RULINGDESK_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_document_text_matches_golden(kind, drafted):
    text = docx_text(drafted[kind])
    path = GOLDEN / f"{kind}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with RULINGDESK_UPDATE_GOLDEN=1 once and review it"
    assert text == path.read_text(encoding="utf-8")
