"""OCR: the Tesseract TSV parser, characters mapped back to PDF points, the engine injected
into `read_document`, and a missing engine turned into a warning."""

from __future__ import annotations

import os
import pickle
import time
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.ocr import (
    OcrProcesses,
    OcrText,
    OcrUnavailable,
    RapidOcrEngine,
    TesseractEngine,
    chars_from_runs,
    parse_tsv,
    process_count,
)
from extract.read import read_document

FIXTURES = Path(__file__).parent / "fixtures"

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t300\t400\t500\t70\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t300\t410\t130\t50\t96.1\t本院\n"
    "5\t1\t1\t1\t1\t2\t440\t405\t60\t60\t95.0\t认\n"
    "5\t1\t1\t1\t1\t3\t520\t420\t50\t30\t90.0\t \n"
)


def test_parse_tsv_gives_words_with_their_line_height():
    assert parse_tsv(TSV) == [OcrText("本院", 300, 400, 430, 470), OcrText("认", 440, 400, 500, 470)]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        (OcrText("本院", 0, 0, 100, 50), [("本", 0, 25), ("院", 25, 50)]),
        (OcrText("本 院", 0, 0, 100, 50), [("本", 0, 25), ("院", 25, 50)]),
        (OcrText("ZL1", 0, 0, 30, 50), [("Z", 0, 5), ("L", 5, 10), ("1", 10, 15)]),
    ],
)
def test_runs_split_into_characters_in_points(run, expected):
    chars = chars_from_runs([run], 0.5)
    assert [(c.text, c.x0, c.x1) for c in chars] == expected
    assert all(c.top == 0 and c.bottom == 25 for c in chars)


def test_overlapping_word_boxes_keep_the_engines_order():
    """Tesseract gave `，1979` a box over the next five words; the text must not scramble."""
    runs = [
        OcrText("男", 761, 740, 770, 821),
        OcrText("，1979", 820, 740, 1354, 821),
        OcrText("年", 967, 736, 1029, 825),
        OcrText("4", 1028, 736, 1079, 825),
        OcrText("月", 1078, 736, 1118, 825),
        OcrText("日出生", 1190, 740, 1354, 821),
    ]
    chars = chars_from_runs(runs, 72 / 300)
    assert "".join(c.text for c in sorted(chars, key=lambda c: c.x0)) == "男，1979年4月日出生"
    assert all(a.x1 <= b.x0 + 1e-9 for a, b in zip(chars, chars[1:], strict=False))


class FakeEngine:
    """Recognises one line, 本院认为, at a known place of a 300-dpi image."""

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []

    def recognise(self, image):
        self.sizes.append(image.size)
        return [OcrText("本院认为。", 1250, 1250, 1500, 1300)]


def test_scanned_pages_go_to_the_injected_engine():
    engine = FakeEngine()
    document = read_document(FIXTURES / "scan.pdf", ocr=engine)
    assert document.ocr_pages == (1, 2)
    width, height = engine.sizes[0]
    assert abs(width - 595.44 * 300 / 72) <= 1 and abs(height - 842.04 * 300 / 72) <= 1
    assert document.text == "本院认为。\n本院认为。"
    first = document.boxes[0]
    assert first is not None and first.page == 1
    assert first.x0 == pytest.approx(1250 * 72 / 300, abs=0.5) and first.top == pytest.approx(300, abs=0.5)


def _stamp(source: Path, target: Path, text: str) -> None:
    """`source` with `text` added to page 1's text layer (as court systems stamp page
    numbers onto scans)."""
    import ctypes
    import io

    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(source)
    page = pdf[0]
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(12))
    buffer = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 280, 40)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    target.write_bytes(out.getvalue())


@pytest.mark.parametrize(("stamp", "ocr_pages"), [("- 1 -", (1, 2)), ("本院认为，" * 10, (2,))])
def test_a_scan_with_a_stamped_text_layer_is_still_ocrd(tmp_path, stamp, ocr_pages):
    path = tmp_path / "stamped.pdf"
    _stamp(FIXTURES / "scan.pdf", path, stamp)
    assert read_document(path, ocr=FakeEngine()).ocr_pages == ocr_pages


def test_a_scan_without_an_engine_is_a_warning():
    document = read_document(FIXTURES / "scan.pdf", ocr=None)
    assert document.text == ""
    assert document.warnings == (
        "page 1 is a scan and no OCR engine is available",
        "page 2 is a scan and no OCR engine is available",
    )


def test_a_broken_engine_is_a_warning():
    document = read_document(FIXTURES / "scan.pdf", ocr=TesseractEngine(executable="no-such-tesseract"))
    assert document.warnings[0] == "page 1 is a scan; OCR failed: no-such-tesseract not found"


@pytest.mark.slow
@pytest.mark.skipif(not TesseractEngine().available(), reason="tesseract with chi_sim is not installed")
def test_tesseract_reads_the_scan():
    truth = read_document(FIXTURES / "ruling.pdf", ocr=None).text
    scanned = read_document(FIXTURES / "scan.pdf", ocr=TesseractEngine())
    assert scanned.ocr_pages == (1, 2)
    matcher = SequenceMatcher(None, truth, scanned.text, autojunk=False)
    correct = sum(block.size for block in matcher.get_matching_blocks())
    assert correct / len(truth) > 0.8
    pdf = pdfium.PdfDocument(FIXTURES / "scan.pdf")
    width, height = pdf[0].get_size()
    pdf.close()
    assert all(b is None or (0 <= b.x0 <= b.x1 <= width and 0 <= b.top <= b.bottom <= height) for b in scanned.boxes)


@pytest.mark.slow
@pytest.mark.skipif(not RapidOcrEngine.installed(), reason="rapidocr_onnxruntime is not installed (optional)")
def test_rapidocr_reads_the_scan_and_travels_to_a_worker():
    engine = pickle.loads(pickle.dumps(RapidOcrEngine()))
    truth = read_document(FIXTURES / "ruling.pdf", ocr=None).text
    scanned = read_document(FIXTURES / "scan.pdf", ocr=engine)
    matcher = SequenceMatcher(None, truth, scanned.text, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(truth) > 0.95


# --- pages in helper processes ----------------------------------------------------------------

TSV_ONE_WORD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\\n5\t1\t1\t1\t1\t1\t300\t410\t130\t50\t96\t本院\\n"


def _fake_tesseract(folder: Path, body: str) -> str:
    """An executable that stands in for tesseract: reads the image, then runs `body`."""
    script = folder / f"fake-tesseract-{abs(hash(body))}"
    script.write_text(f"#!/bin/sh\ncat > /dev/null\n{body}\n")
    script.chmod(0o755)
    return str(script)


def _processes_running(argument: str) -> list[int]:
    """Pids of live processes (not zombies) whose command line holds `argument`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if argument in (proc / "cmdline").read_bytes().decode("utf-8", "replace") and " Z " not in (
                proc / "stat"
            ).read_text():
                found.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


def _blank(n: int):
    from PIL import Image

    return [(i, Image.new("L", (60, 40), 255)) for i in range(n)]


def test_pages_are_read_in_helper_processes(tmp_path):
    engine = TesseractEngine(executable=_fake_tesseract(tmp_path, f"printf '{TSV_ONE_WORD}'"), denoise=False)
    pool = OcrProcesses(engine, processes=2)
    try:
        results = pool.recognise_pages(_blank(5))
        assert results == {i: [OcrText("本院", 300, 410, 430, 460)] for i in range(5)}
        helpers = [h.process.pid for h in pool._helpers]
        assert len(helpers) == 2 and os.getpid() not in helpers
        assert pool.recognise(_blank(1)[0][1]) == [OcrText("本院", 300, 410, 430, 460)]
        assert [h.process.pid for h in pool._helpers] == helpers  # kept warm between files
        assert pickle.loads(pickle.dumps(pool)).processes == 2
    finally:
        pool.close()
    assert all(not Path(f"/proc/{pid}").exists() for pid in helpers)


def test_one_page_starts_one_helper(tmp_path):
    engine = TesseractEngine(executable=_fake_tesseract(tmp_path, f"printf '{TSV_ONE_WORD}'"), denoise=False)
    pool = OcrProcesses(engine, processes=2)
    try:
        assert len(pool.recognise_pages(_blank(1))) == 1
        assert len(pool._helpers) == 1
    finally:
        pool.close()


def test_at_the_deadline_pages_being_read_are_given_up_and_their_helpers_killed(tmp_path):
    marker = "637.25"  # the fake engine hangs: `sleep 637.25`
    engine = TesseractEngine(executable=_fake_tesseract(tmp_path, f"exec sleep {marker}"), denoise=False)
    pool = OcrProcesses(engine, processes=2)
    asked: list[int] = []

    def images():
        for key, image in _blank(4):
            asked.append(key)
            yield key, image

    try:
        assert pool.recognise_pages(images(), deadline=time.monotonic() + 1) == {}
        assert asked == [0, 1]  # two helpers busy; the other pages were never rendered
        assert pool._helpers == []
        for _ in range(50):  # the hung engines die with their helpers
            if not _processes_running(f"sleep {marker}"):
                break
            time.sleep(0.1)
        assert _processes_running(f"sleep {marker}") == []
    finally:
        pool.close()


def test_a_helper_that_dies_fails_its_page_and_is_replaced(tmp_path, monkeypatch):
    mark = tmp_path / "die-once"
    mark.touch()
    monkeypatch.setenv("FAKE_DIE_ONCE", str(mark))
    body = f'if [ -e "$FAKE_DIE_ONCE" ]; then rm "$FAKE_DIE_ONCE"; kill -9 $PPID; sleep 5; fi\nprintf \'{TSV_ONE_WORD}\''
    pool = OcrProcesses(TesseractEngine(executable=_fake_tesseract(tmp_path, body), denoise=False), processes=1)
    try:
        first = pool.recognise_pages(_blank(1))[0]
        assert isinstance(first, OcrUnavailable) and "OCR process" in str(first)
        assert pool.recognise_pages(_blank(2)) == {i: [OcrText("本院", 300, 410, 430, 460)] for i in range(2)}
    finally:
        pool.close()


def test_process_count_gives_each_core_a_process():
    assert process_count(1) == (1, 1)
    assert process_count(2) == (2, 1)
    assert process_count(8) == (4, 2)


@pytest.mark.slow
@pytest.mark.skipif(not RapidOcrEngine.installed(), reason="rapidocr_onnxruntime is not installed (optional)")
def test_the_default_engine_reads_the_scan_in_helper_processes():
    truth = read_document(FIXTURES / "ruling.pdf", ocr=None).text
    pool = OcrProcesses(RapidOcrEngine(), processes=2)
    try:
        scanned = read_document(FIXTURES / "scan.pdf", ocr=pool)
    finally:
        pool.close()
    assert scanned.ocr_pages == (1, 2)
    matcher = SequenceMatcher(None, truth, scanned.text, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(truth) > 0.95


@pytest.mark.skipif(not RapidOcrEngine.installed(), reason="rapidocr_onnxruntime is not installed (optional)")
def test_the_tuned_settings_reach_the_library():
    """The library ignores settings it does not know by name: check where they land."""
    loaded = RapidOcrEngine(detector_side=1600, batch=1)._load()
    assert loaded.text_rec.rec_batch_num == 1
    assert loaded.text_det.get_preprocess(2339).limit_side_len == 1600
    shipped = RapidOcrEngine.as_shipped()._load()
    assert shipped.text_rec.rec_batch_num == 6
    assert shipped.text_det.get_preprocess(2339).limit_type == "min"  # a page of 736+ pixels is not shrunk
