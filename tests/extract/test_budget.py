"""The time budget of a file: the floor plus a budget per page to OCR, the clock that tells
the sandbox, and a scan that runs out keeping the pages it read (a fake clock: no timing)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract import budget
from extract.budget import Clock, page_ranges, reserve, time_limit, unread_pages_warning
from extract.ocr import OcrText, OcrUnavailable, recognise_pages
from extract.read import read_document

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_text_file_gets_the_floor_and_a_scan_a_budget_per_page():
    assert time_limit(60, 0) == 60
    assert time_limit(60, 30) == 60 + 30 * budget.OCR_SECONDS_PER_PAGE
    assert time_limit(60, 30, per_page=2) == 120
    assert time_limit(60, -1) == 60


def test_ocr_leaves_a_reserve_for_what_follows_it():
    assert reserve(60) == budget.RESERVE_SECONDS
    assert reserve(8) == 2  # a short floor keeps most of itself for OCR


def test_the_clock_extends_the_limit_by_the_pages_announced():
    told: list[float] = []
    clock = Clock(floor=60, per_page=5, extend=told.append, now=lambda: 100.0)
    assert clock.started == 100.0
    assert clock.ocr_deadline(30) == 100 + 60 + 150 - 10
    assert clock.ocr_deadline(2) == 100 + 60 + 160 - 10  # a second file in the same job adds to it
    assert clock.ocr_deadline(0) == 100 + 60 + 160 - 10
    assert told == [150, 10]


def test_no_clock_runs_outside_a_job():
    assert budget.current() is None
    with budget.running(Clock()) as clock:
        assert budget.current() is clock
    assert budget.current() is None


@pytest.mark.parametrize(
    ("pages", "written"),
    [([4], "4"), ([4, 5], "4、5"), ([3, 5, 6, 7], "3、5至7"), ([9, 1, 2, 3, 30], "1至3、9、30"), ([], "")],
)
def test_pages_are_named_in_ranges(pages, written):
    assert page_ranges(pages) == written


def test_the_warning_names_the_pages_not_read():
    warning = unread_pages_warning([21, 22, 23, 30], 30)
    assert "第21至23、30页（共30页）未读取" in warning


class FakeTime:
    now = 0.0

    def __call__(self) -> float:
        return self.now


class SlowEngine:
    """Reads every page as `第N页。` and takes `seconds` of a fake clock for each."""

    def __init__(self, time: FakeTime, seconds: float) -> None:
        self.time, self.seconds, self.calls = time, seconds, 0

    def recognise(self, image):
        self.calls += 1
        self.time.now += self.seconds
        return [OcrText(f"第{self.calls}页。", 1250, 1250, 1600, 1300)]


@pytest.fixture
def six_page_scan(tmp_path) -> Path:
    """The two-page fixture scan three times over."""
    out = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(FIXTURES / "scan.pdf")
    for _ in range(3):
        out.import_pages(source)
    path = tmp_path / "six.pdf"
    out.save(path)
    out.close()
    source.close()
    return path


def test_a_scan_that_runs_out_keeps_the_pages_read_and_names_the_rest(six_page_scan):
    time = FakeTime()
    told: list[float] = []
    engine = SlowEngine(time, seconds=10)
    # floor 20 (reserve 5) + 6 pages x 2 s: OCR must stop at 27; pages take 10 s each
    with budget.running(Clock(floor=20, per_page=2, extend=told.append, now=time)):
        document = read_document(six_page_scan, ocr=engine)
    assert told == [12]
    assert engine.calls == 3  # started at 0, 10 and 20; at 30 the time was up
    assert document.ocr_pages == (1, 2, 3)
    assert document.text.split("\n") == ["第1页。", "第2页。", "第3页。"]
    assert document.warnings == (unread_pages_warning([4, 5, 6], 6),)
    assert "第4至6页（共6页）未读取" in document.warnings[0]


def test_a_scan_with_enough_time_reads_every_page(six_page_scan):
    time = FakeTime()
    with budget.running(Clock(floor=20, per_page=10, now=time)):
        document = read_document(six_page_scan, ocr=SlowEngine(time, seconds=10))
    assert document.ocr_pages == (1, 2, 3, 4, 5, 6)
    assert document.warnings == ()


def test_no_time_left_reads_no_page_and_names_them_all(six_page_scan):
    time = FakeTime()
    clock = Clock(floor=20, per_page=0, now=time)
    time.now = 1000.0
    engine = SlowEngine(time, seconds=1)
    with budget.running(clock):
        document = read_document(six_page_scan, ocr=engine)
    assert engine.calls == 0
    assert document.text == "" and document.ocr_pages == ()
    assert "第1至6页（共6页）未读取" in document.warnings[0]


def test_recognise_pages_asks_for_no_image_after_the_deadline():
    time = FakeTime()
    engine = SlowEngine(time, seconds=10)
    asked: list[int] = []

    def images():
        for key in range(5):
            asked.append(key)
            yield key, None

    results = recognise_pages(engine, images(), deadline=15, now=time)
    assert list(results) == [0, 1] and asked == [0, 1]


def test_an_engine_failure_is_that_pages_result():
    class Broken:
        def recognise(self, image):
            raise OcrUnavailable("no")

    results = recognise_pages(Broken(), [(1, None), (2, None)])
    assert [str(r) for r in results.values()] == ["no", "no"]
