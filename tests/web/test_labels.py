"""The desk's Chinese wording of pipeline values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from matching.score import score_pair
from matching.thresholds import read_pairs
from web.labels import beijing, label, reason

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


@pytest.mark.parametrize(("moment", "shown"), [
    (dt.datetime(2026, 11, 25, 15, 21), "2026-11-25 23:21"),  # naive: UTC as SQLite gives it back
    (dt.datetime(2026, 12, 31, 20, 5, tzinfo=dt.UTC), "2027-01-01 04:05"),
    (dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), "2026-06-01 08:00"),
    (None, ""),
])
def test_time_stamps_are_shown_in_beijing_time(moment, shown):
    assert beijing(moment) == shown
