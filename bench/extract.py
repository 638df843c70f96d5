"""The extraction benchmark: `python -m bench extract [--quick]`.

Measures, in one run and on the same files:
- text PDFs (`corpus/pdf/*.pdf`, else the reader fixtures, plus a 57-page ruling): pages/s
  of our reader in a warm process (`extract.read_ruling` when it exists, else
  `read_document`) next to bare pdfplumber `extract_text` and pypdfium2 `get_text_range`,
  printed as ratios;
- peak RSS of each of the three on the long ruling, each in a fresh child process;
- OCR: seconds per page (wall, warm engines) and characters correct against the text layer
  of the same document (every `corpus/scan/*.pdf` against `corpus/pdf/`, else the fixture
  scan), for the default engine (tuned RapidOCR in one helper process per core) beside the
  references: the same engine in one process, RapidOCR as shipped (the library's settings,
  rulingdesk's default before tuning) and Tesseract (psm 3 + median filter);
- a 30-page scan made of the corpus scans, read as `rulingdesk extract` reads it (sandbox,
  default time limit): wall time, the limit it had, and whether every page was read;
- the CLI's cold start: wall time of `rulingdesk --help` and `rulingdesk extract FILE`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "extract" / "fixtures"
LONG = FIXTURES / "long.pdf"
MEMORY_BUDGET_MB = 300
OCR_GOAL_SECONDS = 1.5  # per page, on the 2-core machine (issue 10)
OCR_GOAL_CORRECT = 0.99  # characters right
LONG_SCAN_PAGES = 30


# --- the readers compared ------------------------------------------------------------------


def read_plumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def read_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


def read_document_only(path: Path) -> object:
    from extract.read import read_document

    return read_document(path, ocr=None)


def pipeline() -> Callable[[Path], object] | None:
    """`extract.read_ruling` (reading + understanding), once it exists."""
    import extract

    found = getattr(extract, "read_ruling", None)
    if found is None:
        try:
            from extract.ruling import read_ruling as found
        except ImportError:
            return None
    return found


def read_pipeline(path: Path) -> object:
    reader = pipeline()
    assert reader is not None
    return reader(path)


READERS: dict[str, Callable[[Path], object]] = {
    "pdfplumber": read_plumber,
    "pypdfium2": read_pdfium,
    "read_document": read_document_only,
    "read_ruling": read_pipeline,
}


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


# --- measurements ---------------------------------------------------------------------------


def speed(files: list[Path], repeat: int) -> dict[str, float]:
    """Pages per second of each reader over `files`, warm (one untimed pass first), best
    of `repeat` passes."""
    pages = sum(page_count(f) for f in files)
    result = {}
    for name, reader in READERS.items():
        for f in files[:2]:
            reader(f)  # warm-up: imports, pipeline loading, caches
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            for f in files:
                reader(f)
            best = min(best, time.perf_counter() - started)
        result[name] = pages / best
    return result


def peak_memory(reader: str, path: Path) -> dict[str, float]:
    """RSS (MB) of a fresh interpreter that has imported and warmed up everything (reading
    `path` once), and its peak RSS while reading `path` again (Linux: VmHWM after resetting
    it through /proc/self/clear_refs)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from bench.extract import READERS\n"
        "reader, path = READERS[sys.argv[1]], Path(sys.argv[2])\n"
        "reader(path)\n"
        "def status(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key):\n"
        "            return int(line.split()[1]) / 1024\n"
        "base = status('VmRSS:')\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "reader(path)\n"
        "print(json.dumps({'baseline': base, 'peak': status('VmHWM:')}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, reader, str(path)], capture_output=True, text=True, cwd=REPO, timeout=600, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def characters_correct(truth: str, got: str) -> float:
    """Share of the truth's non-space characters found, in order, in `got`."""
    a, b = "".join(truth.split()), "".join(got.split())
    if not a:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def ocr_pairs() -> list[tuple[Path, Path]]:
    """(scan, text PDF of the same document)."""
    scans = sorted((REPO / "corpus" / "scan").glob("*.pdf"))
    pairs = [(s, REPO / "corpus" / "pdf" / s.name) for s in scans if (REPO / "corpus" / "pdf" / s.name).exists()]
    return pairs or [(FIXTURES / "scan.pdf", FIXTURES / "ruling.pdf")]


def ocr_engines(quick: bool) -> dict[str, object]:
    """The engines compared: the default one (the only one with --quick), then the
    references: the tuned RapidOCR in this process (one thread), RapidOCR as shipped (two
    threads, as rulingdesk ran it before tuning) and Tesseract."""
    from extract.ocr import RapidOcrEngine, TesseractEngine, default_engine

    engines: dict[str, object] = {}
    default = default_engine()
    if default is not None:
        engines[f"default: {describe(default)}"] = default
    if not quick:
        if RapidOcrEngine.installed():
            engines["rapidocr tuned, 1 process, 1 thread"] = RapidOcrEngine()
            engines["rapidocr as shipped, 1 process, 2 threads"] = RapidOcrEngine.as_shipped(threads=2)
        if TesseractEngine().available():
            engines["tesseract chi_sim psm 3 + median"] = TesseractEngine()
    return engines


def describe(engine: object) -> str:
    from extract.ocr import OcrProcesses

    if isinstance(engine, OcrProcesses):
        return f"{type(engine.engine).__name__} x{engine.processes} processes"
    return type(engine).__name__


def warm(engine: object) -> None:
    """Models loaded and helper processes started before timing."""
    from PIL import Image

    from extract.ocr import recognise_pages

    blank = Image.new("L", (400, 200), 255)
    recognise_pages(engine, [(i, blank) for i in range(getattr(engine, "processes", 1))])  # type: ignore[arg-type]


def ocr(pairs: list[tuple[Path, Path]], engines: dict[str, object]) -> dict[str, dict[str, float]]:
    """Seconds per OCR'd page (wall, warm) and characters correct against the text PDF, per engine."""
    from extract.read import read_document

    truths = {text: read_document(text, ocr=None).text for _, text in pairs}
    results = {}
    for name, engine in engines.items():
        warm(engine)
        seconds = pages = 0.0
        scores = []
        for scan, text in pairs:
            started = time.perf_counter()
            document = read_document(scan, ocr=engine)
            seconds += time.perf_counter() - started
            pages += len(document.ocr_pages)
            scores.append(characters_correct(truths[text], document.text))
        results[name] = {"s_per_page": seconds / max(pages, 1), "correct": statistics.mean(scores), "pages": pages}
        close = getattr(engine, "close", None)
        if close is not None and not name.startswith("default"):
            close()
    return results


def long_scan(out: Path, pages: int = LONG_SCAN_PAGES) -> Path:
    """A scan of `pages` pages made of the corpus scans' pages, in turn (the fixture scan
    when the corpus has none)."""
    import pypdfium2 as pdfium

    sources = [scan for scan, _ in ocr_pairs()]
    made = pdfium.PdfDocument.new()
    try:
        while len(made) < pages:
            for source in sources:
                pdf = pdfium.PdfDocument(source)
                try:
                    wanted = min(len(pdf), pages - len(made))
                    made.import_pages(pdf, list(range(wanted)))
                finally:
                    pdf.close()
                if len(made) >= pages:
                    break
        made.save(out)
    finally:
        made.close()
    return out


def read_long_scan(pages: int = LONG_SCAN_PAGES) -> dict[str, float]:
    """A `pages`-page scan read as `rulingdesk extract` reads it: in the sandbox, default
    limits. Wall seconds (a warm worker), the time limit it got, the pages OCR'd."""
    import tempfile

    from extract import budget
    from extract.ruling import read_ruling, warm_up
    from extract.sandbox import Sandbox

    with tempfile.TemporaryDirectory(prefix="bench-long-scan-") as scratch, Sandbox(initializer=warm_up) as box:
        path = long_scan(Path(scratch) / f"scan-{pages}.pdf", pages)
        box.start()
        started = time.perf_counter()
        ruling = box.run(read_ruling, path)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "limit": budget.time_limit(box.timeout, pages, box.ocr_page_seconds),
        "ocr_pages": len(ruling.source.ocr_pages),
        "pages": ruling.source.pages,
    }


def cold_start(sample: Path) -> dict[str, float]:
    """Wall seconds of the CLI started afresh (each the best of two)."""
    cli = Path(sys.executable).with_name("rulingdesk")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "rulingdesk"]
    result = {}
    for label, args in (("--help", ["--help"]), ("extract", ["extract", str(sample)])):
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run(command + args, capture_output=True, cwd=REPO, timeout=300)
            best = min(best, time.perf_counter() - started)
        result[label] = best
    return result


# --- report ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extract", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timing pass, one OCR document, one OCR engine")
    args = parser.parse_args(argv)

    corpus = sorted((REPO / "corpus" / "pdf").glob("*.pdf"))
    files = (corpus or [FIXTURES / "ruling.pdf"]) + [LONG]
    if pipeline() is None:
        del READERS["read_ruling"]
    pages = sum(page_count(f) for f in files)
    print(f"extraction benchmark: {len(files)} text PDFs, {pages} pages, warm process")

    rates = speed(files, repeat=1 if args.quick else 3)
    for name, rate in rates.items():
        print(
            f"  {name:<13} {rate:8.1f} pages/s   x{rate / rates['pdfplumber']:.2f} pdfplumber"
            f"   x{rate / rates['pypdfium2']:.3f} pypdfium2"
        )

    print(f"RSS reading {LONG.name} ({page_count(LONG)} pages), a fresh warmed-up process each:")
    failed = 0
    for name in READERS:
        mem = peak_memory(name, LONG)
        print(f"  {name:<13} peak {mem['peak']:6.0f} MB while reading (before: {mem['baseline']:.0f} MB)")
        if name in ("read_document", "read_ruling") and mem["peak"] > MEMORY_BUDGET_MB:
            print(f"  ! over the {MEMORY_BUDGET_MB} MB budget")
            failed = 1

    pairs = ocr_pairs()[: 1 if args.quick else None]
    print(f"OCR on {len(pairs)} scanned document(s), warm engines, wall time:")
    results = ocr(pairs, ocr_engines(args.quick))
    if not results:
        print("  no OCR engine is installed")
    for name, r in results.items():
        print(
            f"  {name:<42} {r['s_per_page']:6.2f} s/page, "
            f"{100 * r['correct']:.1f}% characters correct ({r['pages']:.0f} pages)"
        )
    default = next((r for name, r in results.items() if name.startswith("default")), None)
    if default is not None:
        met = default["s_per_page"] <= OCR_GOAL_SECONDS and default["correct"] >= OCR_GOAL_CORRECT
        print(
            f"  goal ≤ {OCR_GOAL_SECONDS} s/page at ≥ {100 * OCR_GOAL_CORRECT:.0f}% characters: "
            f"{'met' if met else 'not met'}"
        )
        if not args.quick:
            long = read_long_scan()
            print(
                f"{LONG_SCAN_PAGES}-page scan as `rulingdesk extract` reads it (sandbox, default limits): "
                f"{long['seconds']:.0f} s of the {long['limit']:.0f} s allowed, "
                f"{long['ocr_pages']:.0f} of {long['pages']:.0f} pages OCR'd"
            )

    cold = cold_start(files[0])
    print(f"CLI cold start: rulingdesk --help {cold['--help']:.2f} s, rulingdesk extract {files[0].name} {cold['extract']:.2f} s")
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
