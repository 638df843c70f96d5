"""The drafting benchmark: `python -m bench draft [--runs N] [--pdf]`.

Drafting one notice in a warm process (the decision, the plan, the docxtpl render and the
DOCX bytes; the number allocator is an in-memory counter, so no database time): median and
95th percentile against the 25 ms target, next to a bare python-docx open-and-save of the
same template as the floor. With --pdf, also the LibreOffice conversion (not in the target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_MS = 25.0


def _sample():
    sys.path.insert(0, str(REPO))
    from tests.generate.generate_builders import make_item, make_match, make_ruling

    return make_ruling(), [make_match(make_item("已挂网"))]


def _timed(function, runs: int) -> list[float]:
    function()  # warm: templates read, imports done
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(f"{label:44} median {median:6.1f} ms   p95 {p95:6.1f} ms   (n={len(times)})")
    return median


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench draft")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="10 runs")
    parser.add_argument("--pdf", action="store_true", help="also time the LibreOffice PDF copy")
    args = parser.parse_args(argv)
    runs = 10 if args.quick else args.runs

    import docx

    from corpus import DEMO_SETTINGS
    from generate.decisions import decide
    from generate.documents import plan_notices
    from generate.render import TemplateSet, issue
    from generate.settings import parse_settings

    settings = parse_settings(DEMO_SETTINGS.read_text(encoding="utf-8"))
    ruling, matches = _sample()
    templates = TemplateSet()
    counter = itertools.count(1)
    today = dt.date(2099, 3, 5)

    def draft_one() -> bytes:
        (plan,) = plan_notices(ruling, decide(ruling, matches), settings)
        _, values = issue(plan, lambda prefix, year: next(counter), today)
        return templates.render(plan.kind, values)

    template_bytes = templates.path("delisting_notice").read_bytes()

    def python_docx_floor() -> bytes:
        document = docx.Document(io.BytesIO(template_bytes))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    print("drafting one delisting notice in a warm process")
    median = _report("rulingdesk (decide + plan + docxtpl render)", _timed(draft_one, runs))
    _report("floor: python-docx open + save, no rendering", _timed(python_docx_floor, runs))
    verdict = "within" if median <= TARGET_MS else "OVER"
    print(f"target ≤ {TARGET_MS:.0f} ms: {verdict}")
    if args.pdf:
        from generate.pdf import soffice, to_pdf

        if soffice() is None:
            print("LibreOffice not installed: no PDF timing")
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "notice.docx"
                path.write_bytes(draft_one())
                start = time.perf_counter()
                made = to_pdf([path], Path(folder))
                print(f"{'PDF copy via LibreOffice (cold, one file)':44} {time.perf_counter() - start:6.2f} s"
                      f"   ({'ok' if made else 'failed'})")
    return 0 if median <= TARGET_MS else 1
