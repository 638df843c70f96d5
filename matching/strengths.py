"""Comparing specifications (规格). The parsing and unit arithmetic is the extraction stage's
(`extract.identifiers.specifications`: 0.25g = 250mg, μg = ug = mcg); this module only
decides how two printed specifications agree: `5ml:0.1g` = `0.1g/5ml` (the same amounts in
another order), `10mg×7片` = `10mg` (the count is packaging). A device model that carries no
strength (`Φ3.5mm×20mm`, `GM-300`) is compared as normalised text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from extract.identifiers.specifications import Strength, parse_strengths
from extract.product_specs import split_items

# Runs of whitespace, dropped before comparing texts.
SPACE_RE = re.compile(r"\s+")
# μ spellings in text: "ug", "mcg" (as whole units), "µ" (micro sign) → "μ".
MICRO_RE = re.compile(r"(?<![a-z])(?:ug|mcg)(?![a-z])")


def normalise_spec(spec: str) -> str:
    """NFKC, lower case, no whitespace, micro written `μg`, `：` as `:`. Idempotent."""
    text = SPACE_RE.sub("", unicodedata.normalize("NFKC", spec or "").lower()).replace("µ", "μ")
    return MICRO_RE.sub("μg", text)


@functools.lru_cache(maxsize=1 << 14)
def strengths(spec: str | None) -> tuple[Strength, ...]:
    """The strengths printed in `spec`, sorted (order carries no meaning when comparing)."""
    if not spec:
        return ()
    return tuple(sorted(parse_strengths(spec), key=lambda s: (s.unit, s.amount)))


def compare_strengths(a: str | None, b: str | None) -> str:
    """ "equal", "differs" or "unknown" (a side not given). Strengths are compared when both
    sides print some, otherwise the normalised texts. A list of specifications ("5mg、7.5mg",
    an accused product in several strengths, or a catalogue row listing several) is a set of
    alternatives: one specification equals a list that holds it; two lists are equal when they
    hold the same ones."""
    if not a or not a.strip() or not b or not b.strip():
        return "unknown"
    left_items, right_items = split_items(a), split_items(b)
    if len(left_items) > 1 or len(right_items) > 1:
        if len(left_items) > 1 and len(right_items) > 1:
            return "equal" if sorted(map(_key, left_items)) == sorted(map(_key, right_items)) else "differs"
        one, many = (a, right_items) if len(left_items) == 1 else (b, left_items)
        return "equal" if any(_single(one, item) == "equal" for item in many) else "differs"
    return _single(a, b)


def _key(spec: str) -> str:
    """A sortable key of one specification: its strengths, else its normalised text."""
    found = strengths(spec)
    return "+".join(f"{s.amount}{s.unit}" for s in found) if found else normalise_spec(spec)


def _single(a: str, b: str) -> str:
    left, right = strengths(a), strengths(b)
    if left and right:
        return "equal" if left == right else "differs"
    return "equal" if normalise_spec(a) == normalise_spec(b) else "differs"
