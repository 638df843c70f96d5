"""One ruling from matches to drafted documents, and the contract's JSON of the result
(`rulingdesk.actions/1`, contract §4). The caller supplies the I/O: the allocator of
document numbers, the clock, the output folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extract.model import Ruling
from generate.decisions import decide, finding, holds
from generate.documents import Plan, missing_offices, plan_copy_letter, plan_notices
from generate.model import Action, DraftedDocument, PriorAction
from generate.render import NumberAllocator, TemplateSet, draft
from generate.settings import OfficeMissing, Settings
from matching.model import Match

ACTIONS_SCHEMA = "rulingdesk.actions/1"


@dataclass(frozen=True)
class DraftResult:
    ruling: Ruling
    matches: tuple[Match, ...]
    actions: tuple[Action, ...]
    documents: tuple[DraftedDocument, ...]
    prior: tuple[PriorAction, ...] = ()


def plan(ruling: Ruling, actions: Sequence[Action], settings: Settings,
         prior: Iterable[PriorAction] = ()) -> list[Plan]:
    """The documents `draft` writes for a ruling: its notices, then the copy-to letter.
    OfficeMissing (naming every office to add) when settings.toml lacks one they need:
    nothing is drafted in the name of an office nobody configured."""
    missing = missing_offices(ruling, actions, settings)
    if missing:
        raise OfficeMissing(missing)
    plans = plan_notices(ruling, actions, settings, prior)
    letter = plan_copy_letter(ruling, actions, settings)
    return plans + ([letter] if letter else [])


def draft_ruling(ruling: Ruling, matches: Sequence[Match], settings: Settings, out_dir: Path,
                 allocate: NumberAllocator, today: dt.date, prior: Iterable[PriorAction] = (),
                 templates: TemplateSet | None = None) -> DraftResult:
    """Decide and draft: writes the DOCX files into `out_dir` and returns what was done."""
    prior = tuple(prior)
    actions = decide(ruling, matches, prior)
    drafted = draft(plan(ruling, actions, settings, prior), out_dir, allocate, today, templates)
    return DraftResult(ruling, tuple(matches), tuple(actions), tuple(drafted), prior)


def _document_of(action: Action, documents: Sequence[DraftedDocument]) -> str | None:
    for document in documents:
        if document.kind == action.notice_kind and action.item.catalogue_id in document.catalogue_ids:
            return document.path
    return None


def review_json(matches: Sequence[Match], ruling: Ruling | None = None,
                prior: Iterable[PriorAction] = ()) -> list[dict[str, object]]:
    """What a person must confirm: the ruling as a whole when the guards hold it
    (`product` null), candidates under review (no notice is drafted for them), items the
    precision guards stopped, and findings the document alone cannot settle (an upheld
    judgment's stop order)."""
    found = holds(ruling, matches, prior) if ruling is not None else []
    entries: list[dict[str, object]] = [
        {"product": h.product, "why": h.why, "guard": str(h.guard)} for h in found if h.item is None
    ]
    entries += [
        {"product": m.product, "catalogue_id": m.item.catalogue_id, "province": m.item.province,
         "why": "; ".join(m.because) or f"score {m.score:.2f} needs confirmation"}
        for m in matches if m.decision == "review"
    ]
    entries += [
        {"product": h.product, "catalogue_id": h.item.catalogue_id, "province": h.item.province,
         "why": h.why, "guard": str(h.guard)} for h in found if h.item is not None
    ]
    if ruling is not None:
        matched = {m.product for m in matches if m.decision == "auto"}
        for index in sorted(matched):
            question = finding(ruling, index).check
            if question:
                entries.append({"product": index, "why": question})
    return entries


def result_json(result: DraftResult) -> dict[str, object]:
    """The contract's `rulingdesk.actions/1` object."""
    ruling = result.ruling
    return {
        "schema": ACTIONS_SCHEMA,
        "ruling": {
            "case_number": ruling.case_number, "sha256": ruling.source.sha256,
            "document_type": ruling.document_type, "effective": ruling.effective,
            "infringement": ruling.outcome.infringement,
            "actionable": any(finding(ruling, i).actionable for i in range(len(ruling.products))),
        },
        "matches": [
            {"product": m.product, "catalogue_id": m.item.catalogue_id, "province": m.item.province,
             "score": round(m.score, 4), "decision": m.decision, "because": list(m.because)}
            for m in result.matches if m.decision != "rejected"
        ],
        "actions": [
            {"product": a.product, "catalogue_id": a.item.catalogue_id, "province": a.item.province,
             "action": a.action, "basis": a.basis, "document": _document_of(a, result.documents),
             **({"estimated_date": a.estimated_date, "estimate": True} if a.action == "watch" else {}),
             **({"guard": str(a.guard)} if a.guard else {})}
            for a in result.actions
        ],
        "documents": [
            {"kind": d.kind, "path": d.path, "number": d.number, "title": d.title,
             "catalogue_ids": list(d.catalogue_ids), **({"pdf": d.pdf_path} if d.pdf_path else {})}
            for d in result.documents
        ],
        "review": review_json(result.matches, result.ruling, result.prior),
    }
