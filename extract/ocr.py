"""OCR for scanned pages: an `OcrEngine` turns a page image into runs of text with pixel
boxes; `ocr_page` renders a PDF page, calls the engine and maps every character back to PDF
points so that OCR'd pages go through the same layout as text pages.

The default engine is Tesseract (`chi_sim`, installed from Debian), run as a subprocess with
one thread, page segmentation mode 3, after a median filter. RapidOCR (optional) reads our
scans almost perfectly but is several times slower; `python -m bench extract` measures both.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from extract.layout import Char, is_cjk

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL.Image import Image

MAX_PIXELS = 60_000_000  # a page bigger than this is rendered at a lower resolution


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


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract through its command line, TSV output (word boxes)."""

    languages: str = "chi_sim"
    psm: int = 3
    timeout: float = 120.0
    executable: str = "tesseract"
    denoise: bool = True  # a 3×3 median filter first: +9 points on a noisy scan, ~0.3 s/page

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
                command, input=buffer.getvalue(), capture_output=True, timeout=self.timeout, env=env
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
    """RapidOCR (PP-OCR models run by onnxruntime; models ship inside the wheel). Optional:
    `pip install rapidocr_onnxruntime`. More accurate than Tesseract on our scans, several
    times slower on one thread (numbers in bench/extract.py's report). Returns line runs."""

    threads: int = 1
    _engine: object | None = None

    @staticmethod
    def installed() -> bool:
        import importlib.util

        return importlib.util.find_spec("rapidocr_onnxruntime") is not None

    def recognise(self, image: Image) -> list[OcrText]:
        import numpy

        if self._engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise OcrUnavailable("rapidocr_onnxruntime is not installed") from None
            self._engine = RapidOCR(intra_op_num_threads=self.threads, inter_op_num_threads=1)
        try:
            found, _ = self._engine(numpy.asarray(image.convert("RGB")))  # type: ignore[operator]
        except Exception as err:  # onnxruntime fails on degenerate images (a 1-pixel page)
            raise OcrUnavailable(f"RapidOCR could not read this page ({type(err).__name__})") from None
        runs = []
        for points, text, _score in found or ():
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            runs.append(OcrText(text, min(xs), min(ys), max(xs), max(ys)))
        return runs

    def __getstate__(self) -> dict[str, object]:
        return {"threads": self.threads, "_engine": None}  # the session is rebuilt in the worker


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


@functools.cache
def default_engine() -> OcrEngine | None:
    """RapidOCR when installed (a dependency of rulingdesk), else Tesseract with Chinese,
    else None (scans then become warnings). Looked up once per process.

    Measured on the corpus scans (8 documents, 30 pages): per-field extraction score 92.3%
    with RapidOCR against 47.6% with Tesseract, whose character errors land in names,
    case numbers and codes; RapidOCR is slower (about 3 s/page on an idle 2-core machine).
    """
    if RapidOcrEngine.installed():
        return RapidOcrEngine(threads=min(4, os.cpu_count() or 1))
    engine = TesseractEngine()
    return engine if engine.available() else None


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


def ocr_page(page: pdfium.PdfPage, engine: OcrEngine, *, dpi: int) -> list[Char]:
    """The page rendered at `dpi` (less for huge pages) and recognised by `engine`,
    characters in PDF points from the page's top-left corner."""
    width, height = page.get_size()
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    image = page.render(scale=scale, grayscale=True).to_pil()
    return chars_from_runs(engine.recognise(image), 1 / scale)
