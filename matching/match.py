"""Match accused products against a catalogue: block, score, decide, explain."""

from __future__ import annotations

from collections.abc import Sequence

from extract.model import Product, Ruling
from matching.catalogue import Catalogue, candidates
from matching.decide import Thresholds, decide, default_thresholds
from matching.keys import product_keys
from matching.model import CatalogueItem, Match
from matching.names import parse_name
from matching.score import AccusedProduct, Scored, score_pair

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
    scored = [(item, score_pair(product, item)) for item in candidates(catalogue, keys)]
    ambiguous = _salt_ambiguous(scored)
    matches = []
    for item, pair in scored:
        decision = decide(pair, chosen)
        because = pair.because
        if decision == "auto" and item in ambiguous:
            decision = "review"
            because = (*because, "review: the ruling prints no salt and candidates differ in salt")
        matches.append(Match(index, item, pair.score, decision, because))
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


def _salt_ambiguous(scored: Sequence[tuple[CatalogueItem, Scored]]) -> set[CatalogueItem]:
    """Items matched only by ignoring the salt when candidates carry different salts: the
    ruling's 酚妥拉明分散片 may be the maker's 甲磺酸… or its 盐酸… listing — unless the item's
    approval number or national code equals the product's."""
    # An approval number or a national code names one product, salt included: equal, it settles
    # the salt the ruling left unprinted.
    loose = [item for item, pair in scored if pair.levels.get("name") == "equal_ignoring_salt"
             and "equal" not in (pair.levels.get("approval"), pair.levels.get("code"))]
    salts = {
        parse_name(item.name).salt
        for item, pair in scored
        if pair.levels.get("name") in ("equal", "equal_ignoring_salt")
    }
    return set(loose) if len(salts) > 1 else set()


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
