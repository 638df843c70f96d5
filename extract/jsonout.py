"""The JSON form of a Ruling: the contract's `ruling.schema.json` (rulingdesk.ruling/1)."""

from __future__ import annotations

from typing import Any

from extract.model import (
    SCHEMA_ID,
    Authority,
    Evidence,
    Outcome,
    Party,
    Patent,
    Product,
    Ruling,
    Source,
)


def ruling_to_json(ruling: Ruling) -> dict[str, Any]:
    """The contract object for `ruling`, with keys in the schema's order."""
    return {
        "schema": SCHEMA_ID,
        "source": {
            "filename": ruling.source.filename,
            "sha256": ruling.source.sha256,
            "pages": ruling.source.pages,
            "ocr_pages": list(ruling.source.ocr_pages),
        },
        "document_type": ruling.document_type,
        "authority": {"name": ruling.authority.name, "kind": ruling.authority.kind},
        "case_number": ruling.case_number,
        "prior_case_numbers": list(ruling.prior_case_numbers),
        "cause": ruling.cause,
        "procedure": ruling.procedure,
        "decision_date": ruling.decision_date,
        "effective": ruling.effective,
        "appeal_period_days": ruling.appeal_period_days,
        "parties": [_party_json(p) for p in ruling.parties],
        "patents": [
            {"number": p.number, "title": p.title, "kind": p.kind, "publication_number": p.publication_number}
            for p in ruling.patents
        ],
        "products": [_product_json(p) for p in ruling.products],
        "outcome": {
            "infringement": ruling.outcome.infringement,
            "disposition": ruling.outcome.disposition,
            "orders": list(ruling.outcome.orders),
            "damages_cny": ruling.outcome.damages_cny,
            "operative_text": ruling.outcome.operative_text,
            "upheld_orders": list(ruling.outcome.upheld_orders),
            "stop_parties": list(ruling.outcome.stop_parties),
        },
        "evidence": [
            {"field": e.field, "page": e.page, "text": e.text, "bbox": list(e.bbox) if e.bbox else None}
            for e in ruling.evidence
        ],
        "warnings": list(ruling.warnings),
    }


def _party_json(p: Party) -> dict[str, Any]:
    return {
        "name": p.name,
        "role": p.role,
        "role_label": p.role_label,
        "side": p.side,
        "kind": p.kind,
        "uscc": p.uscc,
        "address": p.address,
        "representative": p.representative,
        "short_names": list(p.short_names),
    }


def _product_json(p: Product) -> dict[str, Any]:
    return {
        "name": p.name,
        "specification": p.specification,
        "approval_numbers": list(p.approval_numbers),
        "application_number": p.application_number,
        "codes": list(p.codes),
        "manufacturer": p.manufacturer,
        "party": p.party,
        "packaging": p.packaging,
        "infringes": p.infringes,
    }


def ruling_from_json(obj: dict[str, Any]) -> Ruling:
    """The Ruling an `extract --json` object describes (missing optional fields → defaults).

    Raises ValueError naming the problem when `obj` is not a rulingdesk.ruling/1 object.
    """
    if obj.get("schema") != SCHEMA_ID:
        raise ValueError(f"not a {SCHEMA_ID} object (schema: {obj.get('schema')!r})")
    source = obj.get("source") or {}
    authority = obj.get("authority") or {}
    outcome = obj.get("outcome") or {}
    return Ruling(
        source=Source(
            filename=source.get("filename", ""),
            sha256=source.get("sha256", ""),
            pages=int(source.get("pages", 0)),
            ocr_pages=tuple(source.get("ocr_pages") or ()),
        ),
        document_type=obj.get("document_type", "other"),
        authority=Authority(authority.get("name"), authority.get("kind")),
        case_number=obj.get("case_number"),
        prior_case_numbers=tuple(obj.get("prior_case_numbers") or ()),
        cause=obj.get("cause"),
        procedure=obj.get("procedure"),
        decision_date=obj.get("decision_date"),
        effective=obj.get("effective"),
        appeal_period_days=obj.get("appeal_period_days"),
        parties=tuple(
            Party(
                name=p["name"],
                role=p["role"],
                role_label=p.get("role_label"),
                side=p.get("side"),
                kind=p.get("kind", "company"),
                uscc=p.get("uscc"),
                address=p.get("address"),
                representative=p.get("representative"),
                short_names=tuple(p.get("short_names") or ()),
            )
            for p in obj.get("parties") or ()
        ),
        patents=tuple(
            Patent(p["number"], p.get("title"), p.get("kind"), p.get("publication_number"))
            for p in obj.get("patents") or ()
        ),
        products=tuple(
            Product(
                name=p["name"],
                specification=p.get("specification"),
                approval_numbers=tuple(p.get("approval_numbers") or ()),
                application_number=p.get("application_number"),
                codes=tuple(p.get("codes") or ()),
                manufacturer=p.get("manufacturer"),
                party=p.get("party"),
                packaging=p.get("packaging"),
                infringes=p.get("infringes"),
            )
            for p in obj.get("products") or ()
        ),
        outcome=Outcome(
            infringement=outcome.get("infringement"),
            disposition=outcome.get("disposition"),
            orders=tuple(outcome.get("orders") or ()),
            damages_cny=outcome.get("damages_cny"),
            operative_text=outcome.get("operative_text"),
            upheld_orders=tuple(outcome.get("upheld_orders") or ()),
            stop_parties=tuple(outcome.get("stop_parties") or ()),
        ),
        evidence=tuple(
            Evidence(e["field"], e["page"], e["text"], tuple(e["bbox"]) if e.get("bbox") else None)
            for e in obj.get("evidence") or ()
        ),
        warnings=tuple(obj.get("warnings") or ()),
    )
