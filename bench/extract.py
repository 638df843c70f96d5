"""The extraction benchmark: `python -m bench extract [--quick]`.

Measures, in one run and on the same files:
- text PDFs (`corpus/pdf/*.pdf`, else the reader fixtures, plus a 57-page ruling): pages/s
  of our reader in a warm process (`extract.read_ruling` when it exists, else
  `read_document`) next to bare pdfplumber `extract_text` and pypdfium2 `get_text_range`,
  printed as ratios;
- peak RSS of each of the three on the long ruling, each in a fresh child process;
- OCR: seconds per page and characters correct against the text layer of the same document
  (`corpus/scan/*.pdf` against `corpus/pdf/`, else the fixture scan), for Tesseract (psm 3
  with and without the median filter, psm 6) and RapidOCR when it is installed;
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
    """The engines compared: the default one (the only one with --quick), Tesseract variants,
    and RapidOCR on one thread when it is installed."""
    from extract.ocr import RapidOcrEngine, TesseractEngine, default_engine

    engines: dict[str, object] = {}
    default = default_engine()
    if default is not None:
        engines[f"default: {type(default).__name__}"] = default
    if not quick:
        engines["tesseract chi_sim psm 3 + median"] = TesseractEngine()
        engines["tesseract chi_sim psm 3, raw"] = TesseractEngine(denoise=False)
        engines["tesseract chi_sim psm 6 + median"] = TesseractEngine(psm=6)
        if RapidOcrEngine.installed():
            engines["rapidocr (1 thread)"] = RapidOcrEngine()
    if not TesseractEngine().available():
        engines = {k: v for k, v in engines.items() if not k.startswith("tesseract")}
    return engines


def ocr(pairs: list[tuple[Path, Path]], engines: dict[str, object]) -> dict[str, dict[str, float]]:
    """Seconds per OCR'd page and characters correct against the text PDF, per engine."""
    from extract.read import read_document

    results = {}
    for name, engine in engines.items():
        seconds = pages = 0.0
        scores = []
        for scan, text in pairs:
            truth = read_document(text, ocr=None).text
            started = time.perf_counter()
            document = read_document(scan, ocr=engine)
            seconds += time.perf_counter() - started
            pages += len(document.ocr_pages)
            scores.append(characters_correct(truth, document.text))
        results[name] = {"s_per_page": seconds / max(pages, 1), "correct": statistics.mean(scores), "pages": pages}
    return results


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

    pairs = ocr_pairs()[: 1 if args.quick else 2]
    print(f"OCR on {len(pairs)} scanned document(s):")
    results = ocr(pairs, ocr_engines(args.quick))
    if not results:
        print("  no OCR engine is installed")
    for name, r in results.items():
        print(
            f"  {name:<34} {r['s_per_page']:6.2f} s/page, "
            f"{100 * r['correct']:.1f}% characters correct ({r['pages']:.0f} pages)"
        )

    cold = cold_start(files[0])
    print(f"CLI cold start: rulingdesk --help {cold['--help']:.2f} s, rulingdesk extract {files[0].name} {cold['extract']:.2f} s")
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
