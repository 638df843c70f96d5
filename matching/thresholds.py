"""Choosing the `auto` and `review` thresholds from labelled pairs (precision first).

    python -m matching.thresholds tests/matching/data/labelled_pairs.jsonl

scores every pair, keeps the tuning half (even case numbers; the odd half is left for the
report in the tests), chooses the thresholds and writes `matching/thresholds.json`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matching.catalogue import MemoryCatalogue
from matching.decide import Thresholds
from matching.match import match_product
from matching.model import CatalogueItem
from matching.score import AccusedProduct, Scored, score_pair

OUT = Path(__file__).resolve().parent / "thresholds.json"
REVIEW_RECALL = 0.99  # share of true listings the review threshold must keep on the tuning half
# Policy, not data: a notice is drafted only at odds of at least 19:1, however cleanly the
# labelled pairs separate (a small labelled set cannot show the rare look-alike).
AUTO_FLOOR = 0.95


@dataclass(frozen=True)
class LabelledPair:
    case: int  # pairs of one case share the accused product
    kind: str  # what the generator made (true_listing, other_maker, …)
    label: bool  # True when the item is a listing of the product
    product: AccusedProduct
    item: CatalogueItem


def read_pairs(path: Path) -> list[LabelledPair]:
    """The labelled pairs of a JSON Lines file written by tests/matching/make_pairs.py."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        product = dict(record["product"])
        product["approval_numbers"] = tuple(product.get("approval_numbers") or ())
        product["codes"] = tuple(product.get("codes") or ())
        item = dict(record["item"])
        item["approval_numbers"] = tuple(item.get("approval_numbers") or ())
        pairs.append(
            LabelledPair(
                record["case"],
                record["kind"],
                bool(record["label"]),
                AccusedProduct(**product),
                CatalogueItem(**item),
            )
        )
    return pairs


def halves(pairs: Sequence[LabelledPair]) -> tuple[list[LabelledPair], list[LabelledPair]]:
    """(tuning half, report half): split by case, so one product never sits in both."""
    return [p for p in pairs if p.case % 2 == 0], [p for p in pairs if p.case % 2 == 1]


def choose(scored: Iterable[tuple[Scored, bool]]) -> Thresholds:
    """Thresholds from (score, label) pairs: `auto` halfway between the best-scoring negative
    that auto could take and the next positive (precision 100% on these pairs), never below
    AUTO_FLOOR; `review` as high as possible while keeping REVIEW_RECALL of the positives."""
    rows = list(scored)
    negatives = [s.score for s, label in rows if not label and not s.contradicted]
    positives = sorted(s.score for s, label in rows if label)
    top_negative = max(negatives, default=0.0)
    above = [score for score in positives if score > top_negative]
    auto = (top_negative + min(above)) / 2 if above else min(1.0, top_negative + 1e-4)
    auto = max(auto, AUTO_FLOOR)
    allowed_misses = int(len(positives) * (1 - REVIEW_RECALL))
    keep_from = positives[allowed_misses] if positives else 0.5
    below = [s.score for s, _ in rows if s.score < keep_from]
    review = (max(below) + keep_from) / 2 if below else keep_from
    return Thresholds(auto=round(auto, 4), review=round(min(review, auto), 4))


@dataclass(frozen=True)
class Report:
    pairs: int
    positives: int
    auto_precision: float
    auto_recall: float
    recall: float  # auto + review
    review: int
    auto: int


def evaluate(pairs: Sequence[LabelledPair], thresholds: Thresholds) -> Report:
    """Precision of auto, recall of auto and of auto + review, running the whole matcher
    (blocking, scoring, deciding) for each case's product against a catalogue of every item
    of `pairs`; an item the matcher does not return counts as rejected."""
    catalogue = MemoryCatalogue(p.item for p in pairs)
    products = {p.case: p.product for p in pairs}
    decided: dict[tuple[int, str, str], str] = {}
    for case, product in products.items():
        for found in match_product(0, product, catalogue, thresholds, limit=1000):
            decided[(case, found.item.province, found.item.catalogue_id)] = found.decision
    decisions = [
        (decided.get((p.case, p.item.province, p.item.catalogue_id), "rejected"), p.label) for p in pairs
    ]
    auto = [label for decision, label in decisions if decision == "auto"]
    kept = [label for decision, label in decisions if decision != "rejected"]
    positives = sum(p.label for p in pairs)
    return Report(
        pairs=len(pairs),
        positives=positives,
        auto_precision=sum(auto) / len(auto) if auto else 1.0,
        auto_recall=sum(auto) / positives if positives else 1.0,
        recall=sum(kept) / positives if positives else 1.0,
        review=sum(1 for decision, _ in decisions if decision == "review"),
        auto=len(auto),
    )


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("tests/matching/data/labelled_pairs.jsonl")
    tune, _ = halves(read_pairs(path))
    chosen = choose((score_pair(p.product, p.item), p.label) for p in tune)
    OUT.write_text(
        json.dumps(
            {"auto": chosen.auto, "review": chosen.review,
             "chosen_on": f"{path.name}, even cases ({len(tune)} pairs), by matching/thresholds.py"},
            ensure_ascii=False, indent=2,
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    print(f"auto ≥ {chosen.auto}, review ≥ {chosen.review} → {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
