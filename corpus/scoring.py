"""Scoring an extraction against a corpus truth file, field by field.

Scalars count 1 when equal after the contract's normalisation, else 0. Lists are scored as
the F1 of sets: parties as (name, role), USCCs, patents, product names, approval numbers,
codes, orders, prior case numbers. Party and product details are scored on the items both
sides have (matched by name). Names are compared without whitespace and with brackets of
either width.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

SCALARS = (
    "document_type",
    "authority.name",
    "authority.kind",
    "case_number",
    "cause",
    "procedure",
    "decision_date",
    "effective",
    "appeal_period_days",
    "outcome.infringement",
    "outcome.disposition",
    "outcome.damages_cny",
    "outcome.operative_text",
)
PARTY_DETAILS = ("role_label", "side", "kind", "address", "representative")
PRODUCT_DETAILS = ("specification", "manufacturer", "party", "packaging", "application_number", "infringes")


def _get(obj: dict[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        obj = (obj or {}).get(key)
    return obj


# Bracket width is typography, not content: 上诉人(原审被告) reads as 上诉人（原审被告）.
_BRACKETS = str.maketrans("()", "（）")


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", "", value).translate(_BRACKETS)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def f1(found: Iterable[Any], expected: Iterable[Any]) -> float:
    """F1 of two sets; 1.0 when both are empty."""
    found_set, expected_set = set(found), set(expected)
    if not found_set and not expected_set:
        return 1.0
    if not found_set or not expected_set:
        return 0.0
    hits = len(found_set & expected_set)
    if hits == 0:
        return 0.0
    precision, recall = hits / len(found_set), hits / len(expected_set)
    return 2 * precision * recall / (precision + recall)


def score(found: dict[str, Any], truth: dict[str, Any]) -> dict[str, float]:
    """Per-field scores in [0, 1] for one document."""
    scores: dict[str, float] = {}
    for name in SCALARS:
        scores[name] = float(_norm(_get(found, name)) == _norm(_get(truth, name)))

    def names(items, *keys):
        return {tuple(_norm(i.get(k)) for k in keys) for i in items or ()}

    fp, tp = found.get("parties") or [], truth.get("parties") or []
    scores["parties"] = f1(names(fp, "name", "role"), names(tp, "name", "role"))
    scores["parties.uscc"] = f1({_norm(p.get("uscc")) for p in fp if p.get("uscc")}, {_norm(p.get("uscc")) for p in tp if p.get("uscc")})
    scores.update(_details(fp, tp, "parties", PARTY_DETAILS))

    scores["patents"] = f1(names(found.get("patents"), "number"), names(truth.get("patents"), "number"))
    scores.update(_details(found.get("patents") or [], truth.get("patents") or [], "patents", ("title", "kind"), key="number"))

    fr, tr = found.get("products") or [], truth.get("products") or []
    scores["products"] = f1(names(fr, "name"), names(tr, "name"))
    scores["products.approval_numbers"] = f1(
        {_norm(a) for p in fr for a in p.get("approval_numbers") or ()},
        {_norm(a) for p in tr for a in p.get("approval_numbers") or ()},
    )
    scores["products.codes"] = f1({_norm(c) for p in fr for c in p.get("codes") or ()}, {_norm(c) for p in tr for c in p.get("codes") or ()})
    scores.update(_details(fr, tr, "products", PRODUCT_DETAILS))

    scores["outcome.orders"] = f1(_get(found, "outcome.orders") or (), _get(truth, "outcome.orders") or ())
    scores["outcome.upheld_orders"] = f1(_get(found, "outcome.upheld_orders") or (), _get(truth, "outcome.upheld_orders") or ())
    scores["prior_case_numbers"] = f1(found.get("prior_case_numbers") or (), truth.get("prior_case_numbers") or ())
    return scores


def _details(found: list[dict], truth: list[dict], prefix: str, fields: tuple[str, ...], key: str = "name") -> dict[str, float]:
    """Accuracy of each detail field over the items present in both lists (by `key`)."""
    by_key = {_norm(item.get(key)): item for item in found}
    pairs = [(by_key[_norm(t.get(key))], t) for t in truth if _norm(t.get(key)) in by_key]
    out = {}
    for field in fields:
        if not pairs:
            continue
        hits = sum(_norm(f.get(field)) == _norm(t.get(field)) for f, t in pairs)
        out[f"{prefix}.{field}"] = hits / len(pairs)
    return out


def mismatches(found: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Human-readable differences, for debugging a low score."""
    lines = []
    for field, value in score(found, truth).items():
        if value < 1.0:
            head = field.split(".")[0]
            if field in SCALARS:
                lines.append(f"{field}: found {_get(found, field)!r}, expected {_get(truth, field)!r}")
            else:
                lines.append(f"{field}: {value:.2f} found {_brief(found.get(head))} expected {_brief(truth.get(head))}")
    return lines


def _brief(value: Any) -> str:
    if isinstance(value, list):
        return "[" + "; ".join(
            ",".join(f"{k}={v}" for k, v in item.items() if v not in (None, [], "")) if isinstance(item, dict) else str(item)
            for item in value
        ) + "]"
    return repr(value)
