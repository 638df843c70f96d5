"""From a score to a decision: `auto`, `review` or `rejected`.

Thresholds are data (`thresholds.json`), chosen by `matching.thresholds` on one half of the
labelled pairs with precision of `auto` as the constraint; the other half reports them.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from matching.score import Scored


@dataclass(frozen=True)
class Thresholds:
    auto: float  # score at or above which a pair is certain enough to draft
    review: float  # score at or above which a person must look


@functools.cache
def default_thresholds() -> Thresholds:
    """The committed thresholds (checked on load: 0 ≤ review ≤ auto ≤ 1)."""
    data = json.loads(resources.files("matching").joinpath("thresholds.json").read_text(encoding="utf-8"))
    chosen = Thresholds(auto=float(data["auto"]), review=float(data["review"]))
    if not 0.0 <= chosen.review <= chosen.auto <= 1.0:
        raise ValueError(f"thresholds.json: need 0 ≤ review ≤ auto ≤ 1, got {chosen}")
    return chosen


def decide(scored: Scored, thresholds: Thresholds) -> str:
    """ "auto" when the score reaches `auto` and no decisive field disagrees; "review" when it
    reaches `review` (or reaches `auto` despite a disagreement); "rejected" otherwise."""
    if scored.score >= thresholds.auto and not scored.contradicted:
        return "auto"
    if scored.score >= thresholds.review:
        return "review"
    return "rejected"
