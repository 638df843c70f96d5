"""The decisions on every corpus ruling (its truth file: what extraction must find) against the
hand-reviewed actions in corpus_expected.json. Prints the precision and recall of drastic
actions; precision must be 100%."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.jsonout import ruling_from_json
from generate.decisions import decide, finding
from generate.model import DRASTIC_ACTIONS
from matching.model import CatalogueItem, Match

REPO = Path(__file__).resolve().parents[2]
TRUTH = REPO / "corpus" / "truth"
EXPECTED = json.loads((Path(__file__).parent / "corpus_expected.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))


def truth_ruling(case: str):
    data = json.loads((TRUTH / f"{case}.json").read_text(encoding="utf-8"))
    data.update({"schema": "rulingdesk.ruling/1", "evidence": [],
                 "source": {"filename": f"{case}.pdf", "sha256": "0" * 64, "pages": 1}})
    return ruling_from_json(data)


def decided(case: str) -> list[str]:
    """The action on each product when a listed item (已挂网) of the product's maker, as the
    ruling names it, matches it automatically."""
    ruling = truth_ruling(case)
    out = []
    for index, product in enumerate(ruling.products):
        item = CatalogueItem("广东省", f"{case[:2]}-{index}", product.name, status="已挂网",
                             manufacturer=product.manufacturer or product.party)
        actions = {a.action for a in decide(ruling, [Match(index, item, 1.0, "auto", ())])}
        out.append("delist" if "delist" in actions else "watch" if "watch" in actions else "none")
    return out


def test_every_corpus_ruling_has_reviewed_expectations():
    unreviewed = sorted({p.stem for p in TRUTH.glob("*.json")} - set(CASES))
    assert unreviewed == [], "review these rulings by hand and add them to tests/generate/corpus_expected.json"
    assert all((TRUTH / f"{case}.json").exists() for case in CASES)


@pytest.mark.parametrize("case", CASES)
def test_no_drastic_action_beyond_the_reviewed_ones(case):
    expected = EXPECTED[case]
    got = decided(case)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert not (have in DRASTIC_ACTIONS and want not in DRASTIC_ACTIONS), (case, got)
        assert not (have == "watch" and want != "watch"), (case, got)


def _counts():
    tp = fp = fn = 0
    for case in CASES:
        for want, have in zip(EXPECTED[case], decided(case), strict=True):
            tp += want == have == "delist"
            fp += have == "delist" and want != "delist"
            fn += want == "delist" and have != "delist"
    return tp, fp, fn


def test_drastic_action_precision_is_total(capsys):
    tp, fp, fn = _counts()
    with capsys.disabled():
        print(f"\ncorpus drastic actions (truth input): precision {tp / max(tp + fp, 1):.1%} "
              f"recall {tp / max(tp + fn, 1):.1%} (tp {tp}, fp {fp}, fn {fn})")
    assert fp == 0


def test_drastic_action_recall_reaches_98_percent():
    tp, _, fn = _counts()
    assert tp / (tp + fn) >= 0.98


@pytest.mark.parametrize("case", ["08_spc_appeal_upheld_dutasteride", "10_spc_partly_reversed_apixaban_damages",
                                  "18_spc_appeal_upheld_clip_two_appellants"])
def test_upheld_stop_orders_are_acted_on(case):
    """维持原判 keeps the quoted first-instance stop order in force (outcome.upheld_orders)."""
    ruling = truth_ruling(case)
    assert ruling.outcome.upheld_orders
    assert any(finding(ruling, i).actionable for i in range(len(ruling.products)))


def test_upheld_decision_without_a_quoted_stop_order_is_put_to_the_officer():
    """驳回再审申请 where the history does not quote the kept orders: the officer checks them."""
    ruling = truth_ruling("12_spc_retrial_application_dismissed")
    assert not ruling.outcome.upheld_orders
    assert all(finding(ruling, i).check and not finding(ruling, i).actionable for i in range(len(ruling.products)))
