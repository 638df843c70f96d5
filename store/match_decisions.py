"""People's decisions on candidate pairings (accused product × listed item)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import Actor, record
from store.desk_tables import MatchDecision, utcnow
from store.sessions import writing

DECISIONS = ("confirmed", "rejected")

# (product index, province, catalogue_id) -> "confirmed" | "rejected"
DecisionMap = dict[tuple[int, str, str], str]


def decide_pairing(engine: Engine, ruling_id: int, product: int, province: str, catalogue_id: str, decision: str,
                   actor: Actor) -> None:
    """Record a person's decision (the newest one on a pairing is in force); audited."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision}")
    before = decisions_for(engine, ruling_id).get((product, province, catalogue_id))
    with writing(engine) as session:
        session.add(MatchDecision(ruling_id=ruling_id, product=product, province=province,
                                  catalogue_id=catalogue_id, decision=decision, user_id=actor.user_id, at=utcnow()))
        record(session, actor, "match_decision", f"ruling:{ruling_id}",
               before={"pairing": [product, province, catalogue_id], "decision": before},
               after={"pairing": [product, province, catalogue_id], "decision": decision})


def decisions_for(engine: Engine, ruling_id: int) -> DecisionMap:
    """The decisions in force for a ruling's pairings."""
    with Session(engine) as session:
        rows = session.scalars(select(MatchDecision).where(MatchDecision.ruling_id == ruling_id)
                               .order_by(MatchDecision.id))
        return {(r.product, r.province, r.catalogue_id): r.decision for r in rows}
