"""OCR for scanned pages: an `OcrEngine` turns a page image into runs of text with pixel
boxes; `render_page` makes the image of a PDF page and `chars_from_runs` maps every
character back to PDF points, so that OCR'd pages go through the same layout as text pages.
`recognise_pages` reads the pages of a file, in parallel when the engine runs in helper
processes (`OcrProcesses`), and stops at a deadline (see `extract/budget.py`).

The default engine is RapidOCR (PP-OCR models on onnxruntime), tuned for speed on our
scans, run in one helper process per core; Tesseract (`chi_sim`, from Debian) is the
fallback. `python -m bench extract` measures them side by side.
"""

from __future__ import annotations

import atexit
import csv
import functools
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from extract.layout import Char, is_cjk
from extract.seal import for_ocr

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL.Image import Image

MAX_PIXELS = 60_000_000  # a page bigger than this is rendered at a lower resolution
DEFAULT_DPI: Final = 300  # rendering resolution for an engine that does not name its own
MAX_PROCESSES: Final = 4  # helper processes of the default engine, at most (one per core)
K = TypeVar("K", bound=Hashable)


class OcrUnavailable(Exception):
    """The OCR engine could not be run (missing, crashed, timed out)."""


@dataclass(frozen=True, slots=True)
class OcrText:
    """A run of recognised text (a word or a line) and its box in image pixels.
    `top`/`bottom` are the text line's, so that every run of a line has its height."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class OcrEngine(Protocol):
    def recognise(self, image: Image) -> Sequence[OcrText]:
        """The text runs found on a page image, in any order."""
        ...


PageResult = Sequence[OcrText] | OcrUnavailable


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract through its command line, TSV output (word boxes)."""

    languages: str = "chi_sim"
    psm: int = 3
    timeout: float = 120.0
    executable: str = "tesseract"
    denoise: bool = True  # a 3×3 median filter first: +9 points on a noisy scan, ~0.3 s/page
    dpi: int = 300  # rendering resolution (Tesseract wants letters 20+ pixels high)

    def available(self) -> bool:
        """Whether the executable and every language's data are installed."""
        if shutil.which(self.executable) is None:
            return False
        try:
            listed = subprocess.run(
                [self.executable, "--list-langs"], capture_output=True, text=True, timeout=10
            ).stdout.split()
        except (OSError, subprocess.SubprocessError):
            return False
        return all(lang in listed for lang in self.languages.split("+"))

    def recognise(self, image: Image) -> list[OcrText]:
        if self.denoise:
            from PIL import ImageFilter

            image = image.filter(ImageFilter.MedianFilter(3))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        command = [self.executable, "stdin", "stdout", "-l", self.languages, "--psm", str(self.psm), "tsv"]
        try:
            done = subprocess.run(
                command, input=buffer.getvalue(), capture_output=True, timeout=self.timeout, env=env,
                preexec_fn=_die_with_parent,
            )
        except FileNotFoundError:
            raise OcrUnavailable(f"{self.executable} not found") from None
        except subprocess.TimeoutExpired:
            raise OcrUnavailable(f"{self.executable} timed out after {self.timeout:.0f} s") from None
        if done.returncode != 0:
            last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
            raise OcrUnavailable(f"{self.executable}: {last[0]}")
        return parse_tsv(done.stdout.decode("utf-8", "replace"))


@dataclass
class RapidOcrEngine:
    """RapidOCR (PP-OCR models run by onnxruntime; the models ship inside the wheel).
    Returns line runs. The defaults are tuned on the corpus scans (32 pages) on a 2-core
    machine with `python -m bench extract`; `RapidOcrEngine.as_shipped()` is the library's
    own settings, rulingdesk's before (300 dpi, classifier on, batches of 6: 98.7% of the
    characters right, about 4 s of CPU a page):

    - `batch` 1: recognising the lines one at a time takes half the time of batches of six
      on this CPU (one page's lines: 1.3 against 2.7 s);
    - `dpi` 170: the library shrinks a page to 2000 pixels anyway (A4 at 171 dpi), so a
      300-dpi rendering was made only to be scaled down;
    - `detector_side` 1600: the text detector sees the page at most 1600 pixels long, not
      2000; the lines it finds are still cut from the full image for recognition. Measured
      in all (CPU a page, characters right): 1600 px 1.9 s, 99.2%; 1280 px 1.7 s, 99.15%;
      960 px 1.5 s, 98.8% (it misses text);
    - `classify` off: the 180-degree classifier costs time and turned upright lines of our
      scans upside down (two corpus scans: 97.3% of the characters right with it, 99.9%
      without).
    """

    threads: int = 1
    dpi: int = 170
    detector_side: int | None = 1600  # None: the library's (the longest side, up to 2000)
    classify: bool = False
    batch: int = 1
    _engine: object | None = None

    @classmethod
    def as_shipped(cls, threads: int = 1) -> RapidOcrEngine:
        """The library's own settings, as rulingdesk used them before tuning (a reference)."""
        return cls(threads=threads, dpi=300, detector_side=None, classify=True, batch=6)

    @staticmethod
    def installed() -> bool:
        import importlib.util

        return importlib.util.find_spec("rapidocr_onnxruntime") is not None

    def _load(self) -> object:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise OcrUnavailable("rapidocr_onnxruntime is not installed") from None
        engine = RapidOCR(intra_op_num_threads=self.threads, inter_op_num_threads=1, rec_batch_num=self.batch)
        detector = getattr(engine, "text_det", None)
        if self.detector_side is not None and detector is not None and hasattr(detector, "get_preprocess"):
            from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

            side, mean, std = self.detector_side, detector.mean, detector.std
            # the library's "max" limit ignores the side it is given above 960 pixels
            detector.get_preprocess = lambda _longest: DetPreProcess(side, "max", mean, std)
        return engine

    def recognise(self, image: Image) -> list[OcrText]:
        import numpy

        if self._engine is None:
            self._engine = self._load()
        try:
            found, _ = self._engine(  # type: ignore[operator]
                numpy.asarray(image.convert("RGB")), use_cls=self.classify
            )
        except Exception as err:  # onnxruntime fails on degenerate images (a 1-pixel page)
            raise OcrUnavailable(f"RapidOCR could not read this page ({type(err).__name__})") from None
        runs = []
        for points, text, _score in found or ():
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            runs.append(OcrText(text, min(xs), min(ys), max(xs), max(ys)))
        return runs

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_engine"] = None  # the session is rebuilt where it is used
        return state


def _die_with_parent() -> None:
    """In a child before exec: SIGKILL when its parent dies (PR_SET_PDEATHSIG), so that a
    helper killed at a deadline takes its Tesseract with it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def parse_tsv(tsv: str) -> list[OcrText]:
    """Tesseract's TSV as word runs, each given the height of its line."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple[str, str, str, str], tuple[float, float]] = {}
    words: list[tuple[tuple[str, str, str, str], str, float, float, float, float]] = []
    for row in rows:
        try:
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            left, top = float(row["left"]), float(row["top"])
            width, height = float(row["width"]), float(row["height"])
        except (KeyError, TypeError, ValueError):
            continue
        if row["level"] == "4":
            lines[key] = (top, top + height)
        elif row["level"] == "5" and (row.get("text") or "").strip():
            words.append((key, row["text"].strip(), left, top, left + width, top + height))
    result = []
    for key, text, x0, top, x1, bottom in words:
        line_top, line_bottom = lines.get(key, (top, bottom))
        result.append(OcrText(text, x0, min(top, line_top), x1, max(bottom, line_bottom)))
    return result


def process_count(cpus: int | None = None) -> tuple[int, int]:
    """(helper processes, threads each) for OCR on a machine with `cpus` cores: one process
    per core up to MAX_PROCESSES, the cores left over shared out as threads. Pages are
    independent, and a process per page keeps both cores busy where one process with two
    threads leaves one idle in PP-OCR's single-threaded pre- and post-processing."""
    cpus = max(1, cpus if cpus is not None else len(os.sched_getaffinity(0)))
    processes = min(cpus, MAX_PROCESSES)
    return processes, max(1, cpus // processes)


@functools.cache
def default_engine() -> OcrEngine | None:
    """RapidOCR (a dependency of rulingdesk) in one helper process per core, else Tesseract
    with Chinese, else None (scans then become warnings). Looked up once per process.

    Measured on the corpus scans: per-field extraction score 92.3% with RapidOCR against
    47.6% with Tesseract, whose character errors land in names, case numbers and codes;
    speeds in the README (Measured) from `python -m bench extract`.
    """
    processes, threads = process_count()
    if RapidOcrEngine.installed():
        return OcrProcesses(RapidOcrEngine(threads=threads), processes)
    engine = TesseractEngine()
    return OcrProcesses(engine, processes) if engine.available() else None


# --- pages in parallel ----------------------------------------------------------------------


def recognise_pages(
    engine: OcrEngine,
    images: Iterable[tuple[K, Image]],
    *,
    deadline: float | None = None,
    now: Callable[[], float] = time.monotonic,
) -> dict[K, PageResult]:
    """Each (key, image) recognised by `engine`: its runs, or the OcrUnavailable that
    stopped it. When `deadline` (on `now`'s scale) has passed, the pages not yet recognised
    are left out of the result and no further image is asked for (`images` may render
    them lazily). An engine with `recognise_pages` of its own (`OcrProcesses`) reads them
    in parallel and stops waiting at the deadline; any other reads one page at a time and
    looks at the clock between pages."""
    parallel = getattr(engine, "recognise_pages", None)
    if parallel is not None:
        return parallel(images, deadline=deadline, now=now)
    results: dict[K, PageResult] = {}
    pending = iter(images)
    while deadline is None or now() < deadline:
        try:
            key, image = next(pending)
        except StopIteration:
            break
        try:
            results[key] = list(engine.recognise(image))
        except OcrUnavailable as err:
            results[key] = err
    return results


class _Helper:
    """One helper process holding an engine; it recognises one image per message."""

    def __init__(self, engine: OcrEngine) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from extract.ocr import _helper_main; _helper_main()", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        self.conn = Connection(ours.detach())
        self.conn.send(engine)

    def alive(self) -> bool:
        return self.process.poll() is None and not self.conn.closed

    def stop(self, *, kill: bool) -> None:
        """Close the pipe (an idle helper then exits) or kill it; reap it either way."""
        self.conn.close()
        if kill:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def reason(self) -> str:
        try:
            code = self.process.wait(1)
        except subprocess.TimeoutExpired:
            return "OCR process stopped answering"
        if code < 0 and -code in (signal.SIGKILL, signal.SIGABRT):
            return "OCR process ran out of memory"
        return f"OCR process stopped (status {code})"


class OcrProcesses:
    """`engine` run in `processes` helper processes, one page each at a time, so that the
    pages of a scan are read in parallel; the caller only renders pages and waits, and can
    stop waiting at a deadline (helpers still busy then are killed). Helpers start on first
    use (never more than there are pages) and are kept for the next file; they exit with
    this process. Rendering resolution: the engine's."""

    def __init__(self, engine: OcrEngine, processes: int = 2) -> None:
        self.engine = engine
        self.processes = max(1, processes)
        self.dpi: int = getattr(engine, "dpi", DEFAULT_DPI)
        self._helpers: list[_Helper] = []
        self._lock = threading.Lock()
        atexit.register(self.close)

    def __repr__(self) -> str:
        return f"OcrProcesses({self.engine!r}, processes={self.processes})"

    def __getstate__(self) -> dict[str, object]:
        return {"engine": self.engine, "processes": self.processes}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["engine"], state["processes"])  # type: ignore[misc, arg-type]

    def recognise(self, image: Image) -> list[OcrText]:
        result = self.recognise_pages([(0, image)])[0]
        if isinstance(result, OcrUnavailable):
            raise result
        return list(result)

    def recognise_pages(
        self,
        images: Iterable[tuple[K, Image]],
        *,
        deadline: float | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> dict[K, PageResult]:
        """As `recognise_pages` (module level), the pages spread over the helpers."""
        results: dict[K, PageResult] = {}
        pending = iter(images)
        busy: dict[Connection, tuple[_Helper, K]] = {}
        exhausted = False
        with self._lock:
            for helper in [h for h in self._helpers if not h.alive()]:
                self._drop(helper)  # died between files: reaped, replaced when needed
            try:
                while True:
                    while not exhausted and len(busy) < self.processes and (deadline is None or now() < deadline):
                        try:
                            key, image = next(pending)
                        except StopIteration:
                            exhausted = True
                            break
                        helper = self._idle_helper(h for h, _ in busy.values())
                        try:
                            helper.conn.send((image,))
                        except (OSError, ValueError):
                            results[key] = OcrUnavailable(helper.reason())
                            self._drop(helper)
                            continue
                        busy[helper.conn] = (helper, key)
                    if not busy:
                        break
                    left = None if deadline is None else max(0.0, deadline - now())
                    ready = wait(list(busy), left)
                    if not ready:  # the deadline passed: what is still being read is given up
                        break
                    for conn in ready:
                        helper, key = busy.pop(conn)  # type: ignore[call-overload]
                        try:
                            status, payload = helper.conn.recv()
                        except (EOFError, OSError):
                            results[key] = OcrUnavailable(helper.reason())
                            self._drop(helper)
                            continue
                        results[key] = payload if status == "ok" else OcrUnavailable(payload)
            finally:
                for helper, _ in busy.values():  # given up (deadline) or interrupted (an error)
                    self._drop(helper)
        return results

    def _idle_helper(self, taken: Iterable[_Helper]) -> _Helper:
        busy = {id(h) for h in taken}
        for helper in self._helpers:
            if id(helper) not in busy:
                return helper
        helper = _Helper(self.engine)
        self._helpers.append(helper)
        return helper

    def _drop(self, helper: _Helper) -> None:
        helper.stop(kill=True)
        if helper in self._helpers:
            self._helpers.remove(helper)

    def close(self) -> None:
        """Stop the helpers (they are started again when needed)."""
        with self._lock:
            helpers, self._helpers = self._helpers, []
        for helper in helpers:
            helper.stop(kill=False)


def _helper_main() -> None:
    """Entry point of a helper process: `python -c ... FD`. Receives the engine, then
    answers each (image,) with ("ok", runs) or ("error", reason) until the pipe closes."""
    conn = Connection(int(sys.argv[1]))
    _die_with_parent()
    try:
        engine = conn.recv()
        threads = getattr(engine, "threads", 1)
        try:
            import cv2

            cv2.setNumThreads(threads)  # resizing and cropping: no more threads than the engine's
        except ImportError:
            pass
    except (EOFError, OSError):
        return
    while True:
        try:
            (image,) = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, object] = ("ok", list(engine.recognise(image)))
        except OcrUnavailable as err:
            reply = ("error", str(err))
        except MemoryError:
            conn.send(("error", "OCR process ran out of memory"))
            return
        except Exception as err:  # noqa: BLE001 - one page's failure is that page's warning
            reply = ("error", f"OCR failed ({type(err).__name__})")
        conn.send(reply)


def _same_line(a: OcrText, b: OcrText) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _in_reading_order(runs: Sequence[OcrText]) -> list[OcrText]:
    """Runs of one line made to follow each other left to right, in the engine's order:
    Tesseract's word boxes for Chinese often overlap the next words (`，1979` spanning
    `年4月9日`), and sorting characters by position would then scramble them."""
    fixed: list[OcrText] = []
    for i, run in enumerate(runs):
        x0, x1 = run.x0, run.x1
        if fixed and _same_line(fixed[-1], run) and run.x0 > fixed[-1].x0:
            # only an overlapping next word is pushed right; a run that lies left of the
            # previous one is another cell read out of order (RapidOCR in tables) and keeps its place
            x0 = max(x0, fixed[-1].x1)
        if i + 1 < len(runs) and _same_line(run, runs[i + 1]) and runs[i + 1].x0 > x0:
            x1 = min(x1, runs[i + 1].x0)
        fixed.append(OcrText(run.text, x0, run.top, max(x1, x0 + 1.0), run.bottom))
    return fixed


# OCR reads the multiplication sign of packagings and sizes as a Latin x: "10mgx10片", "3.0x18mm".
# Only the lower-case letter: USCCs and patent check digits use an upper-case X.
MISREAD_TIMES = re.compile(r"(?<=[0-9A-Za-zμ片粒支袋盒])x(?=[0-9])")


def chars_from_runs(runs: Sequence[OcrText], scale: float) -> list[Char]:
    """Each run split into characters (a CJK character twice as wide as a Latin one),
    boxes scaled from pixels to points by `scale`. Spaces inside runs are dropped. Runs of
    a line keep the engine's order (see `_in_reading_order`)."""
    chars: list[Char] = []
    for run in _in_reading_order(runs):
        letters = [ch for ch in MISREAD_TIMES.sub("×", run.text) if not ch.isspace()]
        if not letters:
            continue
        weights = [2.0 if is_cjk(ch) else 1.0 for ch in letters]
        unit = (run.x1 - run.x0) / sum(weights)
        x = run.x0
        top, bottom = run.top * scale, run.bottom * scale
        for ch, w in zip(letters, weights, strict=True):
            chars.append(Char(ch, x * scale, top, (x + w * unit) * scale, bottom, bottom - top))
            x += w * unit
    return chars


def render_page(page: pdfium.PdfPage, dpi: int) -> tuple[Image, float]:
    """The page as a grayscale image at `dpi` (less for huge pages), and the pixels per point.
    Rendered in colour first, so that a red seal over the date fades (extract/seal.py)."""
    width, height = page.get_size()
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    return for_ocr(page.render(scale=scale).to_pil()), scale


def ocr_page(page: pdfium.PdfPage, engine: OcrEngine, *, dpi: int | None = None) -> list[Char]:
    """The page rendered at `dpi` (default: the engine's) and recognised by `engine`,
    characters in PDF points from the page's top-left corner."""
    image, scale = render_page(page, dpi or getattr(engine, "dpi", DEFAULT_DPI))
    return chars_from_runs(engine.recognise(image), 1 / scale)
