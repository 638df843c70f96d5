"""`rulingdesk extract` as the contract (§0, §1) describes it, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO.parent / "shared" / "contract" / "ruling.schema.json"
CORPUS_PDF = sorted((REPO / "corpus" / "pdf").glob("*.pdf"))


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rulingdesk", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip(f"the contract schema is not beside the repository ({SCHEMA})")
    return json.loads(SCHEMA.read_text("utf-8"))


@pytest.mark.slow
def test_json_lines_valid_against_the_contract_schema(schema, tmp_path):
    if len(CORPUS_PDF) < 2:
        pytest.skip("corpus PDFs not built (python -m corpus.build)")
    docx = sorted((REPO / "corpus" / "docx").glob("*.docx"))[:1]
    result = _run("extract", "--json", *map(str, CORPUS_PDF[:2] + docx))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + len(docx)
    for line in lines:
        obj = json.loads(line)
        jsonschema.validate(obj, schema)
        assert obj["source"]["sha256"] and obj["evidence"]


def test_bad_files_get_one_line_each_and_the_rest_is_processed(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.pdf"
    text.write_text("这不是PDF", encoding="utf-8")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    missing = tmp_path / "missing.pdf"
    good = [str(CORPUS_PDF[0])] if CORPUS_PDF else []
    result = _run("extract", "--json", str(empty), str(text), str(truncated), str(missing), *good)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    for path, line in zip((empty, text, truncated, missing), errors, strict=True):
        assert line.startswith(f"{path}: ") and "Traceback" not in line
    assert len(result.stdout.splitlines()) == len(good)


def test_wrong_usage_exits_2():
    assert _run("extract").returncode == 2
    assert _run("extract", "--timeout", "zero", "x.pdf").returncode == 2


@pytest.mark.slow
def test_summary_for_a_clerk():
    if not CORPUS_PDF:
        pytest.skip("corpus PDFs not built (python -m corpus.build)")
    result = _run("extract", str(CORPUS_PDF[0]))
    assert result.returncode == 0, result.stderr
    assert "文书：" in result.stdout and "当事人：" in result.stdout and "结果：" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not (REPO / "corpus" / "scan").is_dir(), reason="corpus scans not built (python -m corpus.build)")
def test_a_thirty_page_scan_reads_with_the_default_limits(tmp_path):
    """Issue 10: the time limit grows with the pages to OCR, so a long scan is read whole
    without `--timeout` (the floor alone, 60 s, would not do on this machine)."""
    from bench.extract import long_scan
    from extract.budget import OCR_SECONDS_PER_PAGE

    path = long_scan(tmp_path / "scan-30.pdf", 30)
    result = subprocess.run(
        [sys.executable, "-m", "rulingdesk", "extract", "--json", str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=900,
    )
    assert result.returncode == 0, result.stderr
    ruling = json.loads(result.stdout)
    assert ruling["source"]["pages"] == 30
    assert ruling["source"]["ocr_pages"] == list(range(1, 31))
    assert not [w for w in ruling["warnings"] if "未读取" in w]
    help_text = " ".join(_run("extract", "--help").stdout.split())
    assert f"plus {OCR_SECONDS_PER_PAGE:.0f} for each scanned page to OCR" in help_text
