"""The desk's Chinese wording of pipeline values."""

from __future__ import annotations

import re
from pathlib import Path

from matching.score import score_pair
from matching.thresholds import read_pairs
from web.labels import label, reason

PAIRS = Path(__file__).resolve().parents[1] / "matching" / "data" / "labelled_pairs.jsonl"
# English words of the matcher's reasons (units such as mg or ml are values, not words).
ENGLISH_RE = re.compile(r"\b(?:equal|differs?|similar|compatible|after|alias|salt|ignoring|review|already)\b")


def test_every_reason_the_matcher_gives_reads_in_chinese():
    reasons = {r for pair in read_pairs(PAIRS) for r in score_pair(pair.product, pair.item).because}
    assert len(reasons) > 100  # the labelled pairs exercise every field's comparison
    left = {r: reason(r) for r in reasons if ENGLISH_RE.search(reason(r))}
    assert not left


def test_the_quoted_values_stay_as_they_are():
    assert reason("规格 differs (20mg ≠ 40mg)") == "规格 不同 (20mg ≠ 40mg)"
    assert reason("生产企业 equal after normalisation") == "生产企业 规范化后相同"


def test_outcomes_have_chinese_labels():
    assert label("disposition", "infringement_found") == "认定侵权"
    assert label("disposition", None) == "不明"
