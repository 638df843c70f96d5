"""Drastic actions on the labelled pairs (tests/matching/data/labelled_pairs.jsonl): each
case's accused product in an effective judgment that orders its maker to stop, matched
against that case's catalogue items (the true listings beside other makers, look-alike
makers, other strengths, forms and salts). Issue 10's measure: precision 100%, recall ≥ 98%
on the items that should be delisted."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

from extract.model import Party, Product
from generate.decisions import decide
from generate.model import DELIST
from matching.catalogue import MemoryCatalogue
from matching.match import match_product
from matching.thresholds import read_pairs
from tests.generate.generate_builders import make_ruling

PAIRS = Path(__file__).resolve().parents[1] / "matching" / "data" / "labelled_pairs.jsonl"
PATENTEE = Party("北京某某原研药业有限公司", "appellee", side="rights_holder")


def _counts() -> tuple[int, int, int]:
    by_case = defaultdict(list)
    for pair in read_pairs(PAIRS):
        by_case[pair.case].append(pair)
    tp = fp = fn = 0
    for pairs in by_case.values():
        accused = pairs[0].product
        # the accused maker: as the product names it, else as its true listing does (the
        # ruling always names the accused party; a pair may leave it off the product)
        listing = next((p.item for p in pairs if p.label), pairs[0].item)
        maker = accused.manufacturer or accused.party or listing.holder or listing.manufacturer
        ruling = make_ruling()
        product = Product(accused.name, accused.specification, accused.approval_numbers, codes=accused.codes,
                          manufacturer=accused.manufacturer, party=maker, packaging=accused.packaging)
        ruling = dataclasses.replace(ruling, products=(product,),
                                     parties=(PATENTEE, Party(maker, "appellant", side="accused")))
        items = [p.item for p in pairs]
        matches = match_product(0, dataclasses.replace(accused, party=maker), MemoryCatalogue(items), limit=50)
        delisted = {(a.item.province, a.item.catalogue_id) for a in decide(ruling, matches) if a.action == DELIST}
        for pair in pairs:
            should = pair.label and pair.item.status in ("已挂网", "暂停挂网")
            done = (pair.item.province, pair.item.catalogue_id) in delisted
            tp += should and done
            fp += done and not should
            fn += should and not done
    return tp, fp, fn


def test_drastic_actions_on_the_labelled_pairs(capsys):
    tp, fp, fn = _counts()
    with capsys.disabled():
        print(f"\nlabelled pairs, drastic actions: precision {tp / max(tp + fp, 1):.1%} "
              f"recall {tp / max(tp + fn, 1):.1%} (tp {tp}, fp {fp}, fn {fn})")
    assert fp == 0
    assert tp / (tp + fn) >= 0.98
