"""From a registered ruling to its matches, actions and document plans: the pipeline's own
functions (`matching.match`, `generate.decisions.decide`, `generate.pipeline.plan`,
`generate.render`) with the people's match decisions laid over the matcher's. No Flask."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from extract.model import Ruling
from generate.decisions import decide, finding, holds
from generate.documents import Plan
from generate.model import Action, Finding, Hold
from generate.pipeline import plan
from generate.render import TemplateSet, file_name, issue
from generate.settings import Settings
from matching.match import match
from matching.model import Match
from store.blocking import StoreCatalogue
from store.catalogue import get_items
from store.match_decisions import DecisionMap

CONFIRMED_BY_HAND = "人工确认（手工检索）"


@dataclass(frozen=True)
class Candidate:
    """A pairing as the match page shows it: the matcher's view and the person's word."""

    match: Match  # as the matcher proposed it (score, decision, reasons)
    person: str | None  # "confirmed" | "rejected" | None

    @property
    def in_force(self) -> str:
        """auto / review / rejected after the person's decision."""
        if self.person == "confirmed":
            return "auto"
        if self.person == "rejected":
            return "rejected"
        return self.match.decision


def candidates(engine: Engine, ruling: Ruling, decisions: DecisionMap) -> list[Candidate]:
    """Every accused product's candidates, best first, with the decisions in force; items a
    person confirmed from a hand search are added (score 0, reason says so)."""
    with StoreCatalogue(engine) as catalogue:
        found = match(ruling, catalogue)
    seen = {(m.product, m.item.province, m.item.catalogue_id) for m in found}
    extra = [key for key, decision in decisions.items() if decision == "confirmed" and key not in seen]
    items = get_items(engine, [(province, code) for _, province, code in extra]) if extra else {}
    for product, province, code in extra:
        item = items.get((province, code))
        if item is not None and product < len(ruling.products):
            found.append(Match(product, item, 0.0, "review", (CONFIRMED_BY_HAND,)))
    return [Candidate(m, decisions.get((m.product, m.item.province, m.item.catalogue_id))) for m in found]


def matches_in_force(pairs: Sequence[Candidate]) -> list[Match]:
    """The matches with the people's decisions applied (what `decide` acts on)."""
    return [dataclasses.replace(c.match, decision=c.in_force) for c in pairs]


def actions_for(ruling: Ruling, pairs: Sequence[Candidate]) -> list[Action]:
    return decide(ruling, matches_in_force(pairs))


def holds_for(ruling: Ruling, pairs: Sequence[Candidate]) -> list[Hold]:
    """What a person must look at first: the guards' holds on the ruling and its items."""
    return holds(ruling, matches_in_force(pairs))


def findings_for(ruling: Ruling) -> list[Finding]:
    return [finding(ruling, index) for index in range(len(ruling.products))]


def plans_for(ruling: Ruling, actions: Sequence[Action], settings: Settings) -> list[Plan]:
    return plan(ruling, actions, settings)


def make_renderer(templates: TemplateSet) -> Callable[[Plan, Callable[[str, int], int], dt.date], tuple[str, str, bytes]]:
    """The renderer `store.drafts.approve` calls: number, file name and DOCX bytes of a plan."""

    def render(plan_: Plan, allocate: Callable[[str, int], int], today: dt.date) -> tuple[str, str, bytes]:
        number, values = issue(plan_, allocate, today)
        return number, file_name(plan_, number), templates.render(plan_.kind, values)

    return render


def preview_docx(templates: TemplateSet, plan_: Plan) -> bytes:
    """The document as it would be rendered now, with the number and date left open
    (placeholders, filled in only at approval)."""
    values = {**plan_.values, "number": "〔待核准后编号〕", "date": "（核准之日）"}
    return templates.render(plan_.kind, values)


def docx_paragraphs(content: bytes) -> list[str]:
    """The non-empty paragraphs of a DOCX, then its table rows (cells joined by ` | `)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return [line for line in lines if line.strip()]
