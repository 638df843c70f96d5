"""Score the extractor on the corpus: `python -m corpus.evaluate [--set dev|holdout|all|real|real-dev|real-holdout] [--kind text|scan|docx] [--show]`.

Prints the per-field score table (and, with --show, each document's mismatches). The golden
test (`tests/corpus/test_golden.py`) uses the same functions. The `real*` sets are the public
judgments of `corpus/real/` (see `corpus/real_set.py`); `--kind` does not apply to them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpus import real_set
from corpus.markup import load_source
from corpus.scoring import mismatches, score

CORPUS_DIR = Path(__file__).resolve().parent
KIND_DIRS = {"text": ("pdf", ".pdf"), "scan": ("scan", ".pdf"), "docx": ("docx", ".docx")}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # text | scan | docx
    path: Path
    truth: dict
    holdout: bool


def cases(kind: str, which: str = "all", corpus_dir: Path = CORPUS_DIR) -> list[Case]:
    """The corpus inputs of one kind that exist, with their truth."""
    folder, suffix = KIND_DIRS[kind]
    found = []
    for truth_path in sorted((corpus_dir / "truth").glob("*.json")):
        doc_id = truth_path.stem
        path = corpus_dir / folder / f"{doc_id}{suffix}"
        source_path = corpus_dir / "src" / f"{doc_id}.txt"
        if not path.exists() or not source_path.exists():
            continue
        holdout = load_source(source_path).holdout
        if which == "dev" and holdout or which == "holdout" and not holdout:
            continue
        found.append(Case(doc_id, kind, path, json.loads(truth_path.read_text("utf-8")), holdout))
    return found


def extract_json(path: Path) -> dict:
    from extract.jsonout import ruling_to_json
    from extract.ruling import read_ruling

    return ruling_to_json(read_ruling(path))


def field_table(results: list[tuple[Case, dict]]) -> dict[str, float]:
    """Mean score per field over the documents."""
    totals: dict[str, list[float]] = defaultdict(list)
    for case, found in results:
        for field, value in score(found, case.truth).items():
            totals[field].append(value)
    return {field: sum(v) / len(v) for field, v in sorted(totals.items())}


def overall(table: dict[str, float]) -> float:
    return sum(table.values()) / len(table) if table else 0.0


def format_table(title: str, table: dict[str, float], count: int) -> str:
    lines = [f"{title}: {count} documents, per-field score {overall(table):.1%}"]
    for field, value in table.items():
        lines.append(f"  {field:32s} {value:7.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=("dev", "holdout", "all", *real_set.WHICH), default="dev")
    parser.add_argument("--kind", choices=tuple(KIND_DIRS), default="text")
    parser.add_argument("--show", action="store_true", help="print each document's mismatches")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args(argv)
    if args.set in real_set.WHICH:
        return main_real(args.set, args.ids, args.show)
    selected = [c for c in cases(args.kind, args.set) if not args.ids or any(c.id.startswith(i) for i in args.ids)]
    results = []
    for case in selected:
        found = extract_json(case.path)
        results.append((case, found))
        if args.show:
            diff = mismatches(found, case.truth)
            if diff:
                print(f"--- {case.id}")
                for line in diff:
                    print("   ", line[:400])
    print(format_table(f"{args.kind} / {args.set}", field_table(results), len(results)))
    return 0


def main_real(which: str, ids: list[str], show: bool, real_dir: Path = real_set.REAL_DIR) -> int:
    """Score the reader on the real documents whose text is here; say how many were skipped."""
    selected, missing = real_set.load_cases(which, real_dir)
    selected = [c for c in selected if not ids or any(c.id.startswith(i) for i in ids)]
    results = []
    for case in selected:
        found = real_set.extract_case(case)
        results.append((case, found))
        diff = real_set.mismatches_real(found, case.truth) if show else []
        if diff:
            print(f"--- {case.id} ({case.layout})" if case.layout else f"--- {case.id}")
            for line in diff:
                print("   ", line[:400])
    print(format_table(which, real_set.real_field_table(results), len(results)))
    print(real_set.missing_note(missing, real_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
