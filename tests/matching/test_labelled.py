"""The labelled pairs: thresholds chosen on the even half, precision and recall reported on
the odd half (issue 3's "Done when"). The numbers are printed (run pytest with -s to see
them; they are also in the assertion messages)."""

import importlib.util
import json
from pathlib import Path

import pytest

from matching.decide import default_thresholds
from matching.score import score_pair
from matching.thresholds import choose, evaluate, halves, read_pairs

DATA = Path(__file__).resolve().parent / "data" / "labelled_pairs.jsonl"
SHARED_CODES = Path(__file__).resolve().parents[3] / "shared" / "data" / "nhsa-drug-codes.csv"


@pytest.fixture(scope="module")
def pairs():
    return read_pairs(DATA)


def test_the_set_is_large_and_has_every_hard_negative(pairs):
    kinds = {p.kind for p in pairs}
    assert len(pairs) >= 300
    assert {
        "other_maker",
        "lookalike_maker",
        "other_specification",
        "other_dosage_form",
        "other_salt",
    } <= kinds
    assert {"true_listing", "other_province", "withdrawn_listing", "holder_is_accused"} <= kinds
    known = {json.loads(line)["known"] for line in DATA.read_text(encoding="utf-8").splitlines()}
    assert {"approval_only", "code_only", "party_only"} <= known


def test_committed_thresholds_are_the_ones_chosen_on_the_tuning_half(pairs):
    tune, _ = halves(pairs)
    assert choose((score_pair(p.product, p.item), p.label) for p in tune) == default_thresholds()


def test_precision_and_recall_on_the_held_out_half(pairs):
    _, held_out = halves(pairs)
    report = evaluate(held_out, default_thresholds())
    summary = (
        f"held-out half: {report.pairs} pairs, {report.positives} true listings; "
        f"auto {report.auto} (precision {report.auto_precision:.1%}, recall {report.auto_recall:.1%}), "
        f"review {report.review}, recall auto+review {report.recall:.1%}"
    )
    print("\n" + summary)
    assert report.auto_precision == 1.0, summary
    assert report.recall >= 0.98, summary
    assert report.auto_recall >= 0.90, summary


@pytest.mark.skipif(not SHARED_CODES.exists(), reason=f"{SHARED_CODES} is not there to regenerate from")
def test_the_generator_reproduces_the_committed_pairs(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_pairs", Path(__file__).with_name("make_pairs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "pairs.jsonl")
    module.main([str(SHARED_CODES)])
    assert (tmp_path / "pairs.jsonl").read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")
