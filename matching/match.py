"""Match accused products against a catalogue: block, score, decide, explain."""

from __future__ import annotations

from collections.abc import Sequence

from extract.model import Product, Ruling
from matching.catalogue import Catalogue, candidates
from matching.decide import Thresholds, decide, default_thresholds
from matching.keys import product_keys
from matching.model import Match
from matching.score import AccusedProduct, score_pair

STATUS_ORDER = {"已挂网": 0, "暂停挂网": 1, "申报中": 2, "已撤网": 3}  # live listings first on ties
DECISION_ORDER = {"auto": 0, "review": 1, "rejected": 2}


def accused(product: Product) -> AccusedProduct:
    """The matcher's view of an extracted product."""
    return AccusedProduct(
        name=product.name,
        specification=product.specification,
        approval_numbers=tuple(product.approval_numbers),
        codes=tuple(product.codes),
        manufacturer=product.manufacturer,
        party=product.party,
        packaging=product.packaging,
    )


def match_product(
    index: int,
    product: AccusedProduct,
    catalogue: Catalogue,
    thresholds: Thresholds | None = None,
    limit: int = 10,
) -> list[Match]:
    """Candidates for one product, best first (decision, then score, then live listings,
    then key), at most `limit`."""
    chosen = thresholds or default_thresholds()
    keys = product_keys(
        product.name, product.approval_numbers, product.codes, (product.manufacturer, product.party)
    )
    matches = []
    for item in candidates(catalogue, keys):
        scored = score_pair(product, item)
        matches.append(Match(index, item, scored.score, decide(scored, chosen), scored.because))
    matches.sort(
        key=lambda m: (
            DECISION_ORDER[m.decision],
            -m.score,
            STATUS_ORDER.get(m.item.status, 9),
            m.item.province,
            m.item.catalogue_id,
        )
    )
    return matches[:limit]


def match(
    ruling: Ruling | Sequence[Product],
    catalogue: Catalogue,
    thresholds: Thresholds | None = None,
    limit: int = 10,
) -> list[Match]:
    """Candidates for every accused product of `ruling`, product by product, best first."""
    products = ruling.products if isinstance(ruling, Ruling) else ruling
    found: list[Match] = []
    for index, product in enumerate(products):
        found.extend(match_product(index, accused(product), catalogue, thresholds, limit))
    return found
