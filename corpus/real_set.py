"""The real development set (`corpus/real/`): public judgments scored on the fields their truth shows.

A truth file (`truth/<id>.json`) holds a pointer to where the document was found and the facts
read from it; the text itself (`texts/<id>.txt`) is not committed and may be missing here.
Only the fields present in a truth's `truth` object are scored: a real opening page shows the
header and the parties, not the outcome, and an absent field says "not shown", not "none".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.scoring import PARTY_DETAILS, PRODUCT_DETAILS, SCALARS, _brief, _get, _norm, score

REAL_DIR = Path(__file__).resolve().parent / "real"
WHICH = ("real", "real-dev", "real-holdout")  # all documents, the development part, the held-out quarter

# Detail fields compared on the items both sides have (matched by the key), per list.
_DETAILS = {"parties": PARTY_DETAILS, "patents": ("title", "kind"), "products": PRODUCT_DETAILS}
# List scores that exist only when the truth's items carry the sub-field.
_ITEM_LISTS = {
    "parties.uscc": ("parties", "uscc"),
    "products.approval_numbers": ("products", "approval_numbers"),
    "products.codes": ("products", "codes"),
}


@dataclass(frozen=True)
class RealCase:
    id: str
    text_path: Path
    truth: dict  # the `truth` object: only the fields the text shows
    pointer: dict
    holdout: bool
    layout: str


def is_holdout(doc_id: str) -> bool:
    """The held-out quarter: ids whose number is divisible by 4 (c004, c008, o012 …)."""
    digits = "".join(ch for ch in doc_id if ch.isdigit())
    return bool(digits) and int(digits) % 4 == 0


def load_cases(which: str = "real", real_dir: Path = REAL_DIR) -> tuple[list[RealCase], list[str]]:
    """The selected documents whose text is present, and the ids of selected pointers without text."""
    if which not in WHICH:
        raise ValueError(f"unknown real set {which!r}; expected one of {', '.join(WHICH)}")
    found, missing = [], []
    for truth_path in sorted((real_dir / "truth").glob("*.json")):
        data = json.loads(truth_path.read_text("utf-8"))
        doc_id = data.get("id") or truth_path.stem
        holdout = bool(data.get("holdout", is_holdout(doc_id)))
        if which == "real-dev" and holdout or which == "real-holdout" and not holdout:
            continue
        text_path = real_dir / "texts" / f"{doc_id}.txt"
        if not text_path.exists():
            missing.append(doc_id)
            continue
        found.append(
            RealCase(
                doc_id,
                text_path,
                data.get("truth") or {},
                data.get("pointer") or {},
                holdout,
                data.get("layout", ""),
            )
        )
    return found, missing


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_text_json(text: str, filename: str = "text.txt") -> dict:
    """The contract JSON the reader gives for plain `text` (one page, no positions)."""
    from extract.jsonout import ruling_to_json
    from extract.model import Document, Source
    from extract.ruling import understand

    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    return ruling_to_json(understand(doc, Source(filename, text_sha256(text), 1)))


def extract_case(case: RealCase) -> dict:
    text = case.text_path.read_text("utf-8")
    return extract_text_json(text, case.text_path.name)


def _present(truth: dict, dotted: str) -> bool:
    obj: Any = truth
    for key in dotted.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return False
        obj = obj[key]
    return True


def score_real(found: dict, truth: dict) -> dict[str, float]:
    """Per-field scores in [0, 1], for the fields `truth` shows only.

    Scalars and list F1s are `corpus.scoring.score`'s; a detail (role_label, side, kind …) is
    scored over the truth items that carry it and that the reader also found (by name).
    """
    full = score(found, truth)
    out: dict[str, float] = {}
    for field in SCALARS:
        if _present(truth, field):
            out[field] = full[field]
    for head in ("parties", "patents", "products", "prior_case_numbers"):
        if head in truth:
            out[head] = full[head]
    for field, (head, sub) in _ITEM_LISTS.items():
        if any(sub in item for item in truth.get(head) or ()):
            out[field] = full[field]
    for field in ("outcome.orders", "outcome.upheld_orders"):
        if _present(truth, field):
            out[field] = full[field]
    for head, details in _DETAILS.items():
        key = "number" if head == "patents" else "name"
        by_key = {_norm(item.get(key)): item for item in found.get(head) or ()}
        for detail in details:
            pairs = [
                (by_key[_norm(t.get(key))], t)
                for t in truth.get(head) or ()
                if detail in t and _norm(t.get(key)) in by_key
            ]
            if pairs:
                out[f"{head}.{detail}"] = sum(
                    _norm(f.get(detail)) == _norm(t.get(detail)) for f, t in pairs
                ) / len(pairs)
    return out


def mismatches_real(found: dict, truth: dict) -> list[str]:
    """Human-readable differences on the scored fields, for reading a low score."""
    lines = []
    for field, value in score_real(found, truth).items():
        if value >= 1.0:
            continue
        if field in SCALARS:
            lines.append(f"{field}: found {_get(found, field)!r}, expected {_get(truth, field)!r}")
        elif field.startswith("outcome."):
            lines.append(f"{field}: {value:.2f} found {_get(found, field)!r} expected {_get(truth, field)!r}")
        else:
            head = field.split(".")[0]
            lines.append(
                f"{field}: {value:.2f} found {_brief(found.get(head))} expected {_brief(truth.get(head))}"
            )
    return lines


def real_field_table(results: list[tuple[RealCase, dict]]) -> dict[str, float]:
    """Mean score per field over the documents whose truth shows that field."""
    totals: dict[str, list[float]] = {}
    for case, found in results:
        for field, value in score_real(found, case.truth).items():
            totals.setdefault(field, []).append(value)
    return {field: sum(v) / len(v) for field, v in sorted(totals.items())}


def missing_note(missing: list[str], real_dir: Path = REAL_DIR) -> str:
    """One line on the pointers skipped because their text is not here."""
    if not missing:
        return "all pointers have their text here"
    shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
    return (
        f"skipped {len(missing)} pointer(s) with no text in {real_dir / 'texts'} ({shown}): "
        "rebuild each text from its truth file's pointer (url) and check it against text_sha256"
    )
