"""How long reading one file may take: a floor per file, plus a budget per page to OCR.

The floor (the contract's `extract --timeout`, default `FILE_SECONDS`) covers opening,
laying out and understanding any file; a text PDF or a DOCX needs well under a second of it.
A scan also gets `OCR_SECONDS_PER_PAGE` for every page that has to be OCR'd, so that a
30-page scan reads with the default settings, in the CLI and in the desk alike.

The sandbox runs each job under a `Clock`. Once the reader knows how many pages it will
OCR it asks the clock for their deadline (`Clock.ocr_deadline`): the sandbox's limit grows
by their budget, and OCR stops `reserve(floor)` seconds before the end, so that what was
read is still laid out, understood and sent back, with a warning naming the pages not read
(`unread_pages_warning`). Outside a sandbox no clock runs and nothing is cut short.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final

FILE_SECONDS: Final = 60.0  # the floor per file (contract: `extract --timeout`, default 60)
OCR_SECONDS_PER_PAGE: Final = 6.0  # added per page to OCR: ~5x the measured s/page on 2 cores (README, Measured)
RESERVE_SECONDS: Final = 10.0  # of the limit, kept for layout, understanding and the reply after OCR
RESERVE_SHARE: Final = 0.25  # ... at most this share of the floor (a short --timeout keeps most of it for OCR)


def time_limit(floor: float, ocr_pages: int, per_page: float = OCR_SECONDS_PER_PAGE) -> float:
    """Seconds allowed for a file with `ocr_pages` pages to OCR."""
    return floor + max(0, ocr_pages) * per_page


def reserve(floor: float) -> float:
    """Seconds of the limit that OCR leaves to what comes after it."""
    return min(RESERVE_SECONDS, RESERVE_SHARE * floor)


@dataclass
class Clock:
    """The time of one job. `extend(seconds)` tells whoever enforces the limit (the
    sandbox) that it grew; `now` is the time source (monotonic seconds)."""

    floor: float = FILE_SECONDS
    per_page: float = OCR_SECONDS_PER_PAGE
    extend: Callable[[float], None] = lambda seconds: None
    now: Callable[[], float] = time.monotonic
    started: float = field(default=float("nan"))
    ocr_pages: int = 0  # pages announced so far

    def __post_init__(self) -> None:
        if self.started != self.started:  # NaN: not given
            self.started = self.now()

    def ocr_deadline(self, pages: int) -> float:
        """The time (on `now`'s scale) by which OCR of `pages` more pages must stop; the
        limit grows by their budget."""
        pages = max(0, pages)
        self.ocr_pages += pages
        if pages:
            self.extend(pages * self.per_page)
        return self.started + time_limit(self.floor, self.ocr_pages, self.per_page) - reserve(self.floor)


_current: Clock | None = None


def current() -> Clock | None:
    """The clock of the job running in this process, if any."""
    return _current


@contextmanager
def running(clock: Clock) -> Iterator[Clock]:
    """`clock` is the current one inside the block."""
    global _current
    previous, _current = _current, clock
    try:
        yield clock
    finally:
        _current = previous


def page_ranges(pages: Sequence[int]) -> str:
    """1-based page numbers in Chinese: [3, 5, 6, 7] -> `3、5至7`."""
    parts: list[str] = []
    ordered = sorted(set(pages))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}至{ordered[j]}")
        else:
            parts.extend(str(p) for p in ordered[i : j + 1])
        i = j + 1
    return "、".join(parts)


def unread_pages_warning(pages: Sequence[int], total: int) -> str:
    """The warning for scanned pages that time did not allow to OCR."""
    return (
        f"时限内未能完成OCR：第{page_ranges(pages)}页（共{total}页）未读取，其内容不在提取结果中，"
        "请对照原件核对。"
    )
