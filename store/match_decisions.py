"""People's decisions on candidate pairings (accused product × listed item).

A decision is stored under the product's place in the ruling's full JSON
(`RulingView.full`), which a clerk's removal or addition of a product does not shift; callers
name products as the current ruling numbers them (`RulingView.ruling.products`), and the two
are translated here.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import Actor, record
from store.desk_tables import MatchDecision, utcnow
from store.ruling_fields import kept_positions
from store.rulings import get_ruling
from store.sessions import writing

DECISIONS = ("confirmed", "rejected")

# (product index in the current ruling, province, catalogue_id) -> "confirmed" | "rejected"
DecisionMap = dict[tuple[int, str, str], str]


def _kept(engine: Engine, ruling_id: int) -> list[int]:
    """The full JSON's place of each current product (see `kept_positions`)."""
    view = get_ruling(engine, ruling_id)
    return kept_positions(view.full, "products") if view else []


def decide_pairing(engine: Engine, ruling_id: int, product: int, province: str, catalogue_id: str, decision: str,
                   actor: Actor) -> None:
    """Record a person's decision on the current ruling's `product`-th product (the newest
    one on a pairing is in force); audited, with the product's stored place."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision}")
    kept = _kept(engine, ruling_id)  # the ruling is read once for both uses
    before = _in_force(engine, ruling_id, kept).get((product, province, catalogue_id))
    stored = kept[product] if 0 <= product < len(kept) else product
    with writing(engine) as session:
        session.add(MatchDecision(ruling_id=ruling_id, product=stored, province=province,
                                  catalogue_id=catalogue_id, decision=decision, user_id=actor.user_id, at=utcnow()))
        record(session, actor, "match_decision", f"ruling:{ruling_id}",
               before={"pairing": [stored, province, catalogue_id], "decision": before},
               after={"pairing": [stored, province, catalogue_id], "decision": decision})


def decisions_for(engine: Engine, ruling_id: int) -> DecisionMap:
    """The decisions in force for a ruling's pairings, products numbered as in the current
    ruling; decisions on removed products are left out (they come back on restoring)."""
    return _in_force(engine, ruling_id, _kept(engine, ruling_id))


def _in_force(engine: Engine, ruling_id: int, kept: list[int]) -> DecisionMap:
    """`decisions_for`, given the stored place of each current product (`_kept`)."""
    current = {stored: index for index, stored in enumerate(kept)}
    with Session(engine) as session:
        rows = session.scalars(select(MatchDecision).where(MatchDecision.ruling_id == ruling_id)
                               .order_by(MatchDecision.id))
        return {(current[r.product], r.province, r.catalogue_id): r.decision for r in rows if r.product in current}
