"""Dosage forms (剂型): which forms decide identity and which are details.

Rules are data (`dosage_forms.tsv`): each written form maps to a canonical form, a family
and a kind (base, coating, distinct). 片 and 片剂 are one form; 薄膜衣片 is a coated 片 (the
generic name stays 某某片); 分散片 is another product than 片.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

KINDS = ("base", "coating", "distinct")
# The form prefix of powders for injection: "注射用头孢曲松钠" = 头孢曲松钠 + 注射用无菌粉末.
INJECTION_PREFIX = "注射用"


@dataclass(frozen=True)
class Form:
    """One dosage form as the table knows it."""

    canonical: str  # 片, 薄膜衣片, 分散片 …
    family: str  # 片, 胶囊, 注射剂 …
    kind: str  # base | coating | distinct


@functools.cache
def forms() -> dict[str, Form]:
    """Written form → Form, from dosage_forms.tsv (checked on load)."""
    table: dict[str, Form] = {}
    text = resources.files("matching").joinpath("dosage_forms.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[3] not in KINDS or not all(parts):
            raise ValueError(f"dosage_forms.tsv line {number}: expected written, canonical, family, kind")
        if parts[0] in table:
            raise ValueError(f"dosage_forms.tsv line {number}: {parts[0]} given twice")
        table[parts[0]] = Form(parts[1], parts[2], parts[3])
    return table


@functools.cache
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(forms(), key=len, reverse=True))


def form_of(written: str | None) -> Form | None:
    """The Form a 剂型 column value names (`片剂`, `薄膜衣片`), None if unknown or empty."""
    if not written:
        return None
    return forms().get(written.strip())


def split_form(name: str) -> tuple[str, Form | None]:
    """(name without its form, the form) for a generic name: `艾地骨化醇软胶囊` →
    (`艾地骨化醇`, 软胶囊); `注射用头孢曲松钠` → (`头孢曲松钠`, 注射用无菌粉末); a name without a
    known form comes back whole with None."""
    if name.startswith(INJECTION_PREFIX) and len(name) > len(INJECTION_PREFIX):
        return name[len(INJECTION_PREFIX) :], forms()["注射用无菌粉末"]
    for suffix in _suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], forms()[suffix]
    return name, None


def compare_forms(a: Form | None, b: Form | None, *, b_is_column: bool = False) -> str:
    """How two forms agree: "equal", "compatible" (a base and a coating of one family, or a
    distinct form against the generic 剂型 column value of its family), "differs", or
    "unknown" when one is missing."""
    if a is None or b is None:
        return "unknown"
    if a.canonical == b.canonical:
        return "equal"
    if a.family != b.family:
        return "differs"
    kinds = {a.kind, b.kind}
    if kinds == {"base", "coating"}:
        return "compatible"
    if b_is_column and b.kind == "base":
        return "compatible"
    return "differs"
