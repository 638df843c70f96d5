"""Dosage forms (剂型): which forms decide identity and which are details.

The forms are the extraction stage's one list (`extract/patterns/dosage_forms.tsv`, loaded
by `extract.dosage_forms`): each written form maps to a canonical form, a family and a kind
(base, coating, distinct, qualified). 片 and 片剂 are one form; 薄膜衣片 is a coated 片 (the
generic name stays 某某片); 分散片 is another product than 片. A qualified form is compared as
the plain form it qualifies, its qualifier kept in the generic name: `硝酸咪康唑阴道软胶囊` is
(`硝酸咪康唑阴道`, 软胶囊), as a 剂型 column printing 软胶囊 for it has it.
"""

from __future__ import annotations

from extract import dosage_forms
from extract.dosage_forms import QUALIFIED, Form, forms

__all__ = ["Form", "compare_forms", "form_of", "forms", "split_form"]


def form_of(written: str | None) -> Form | None:
    """The Form a 剂型 column value names (`片剂`, `薄膜衣片`; `阴道软胶囊` names 软胶囊), None
    if unknown or empty."""
    if not written:
        return None
    return _plain(forms().get(written.strip()))


def split_form(name: str) -> tuple[str, Form | None]:
    """(name without its form, the form) for a generic name: `艾地骨化醇软胶囊` →
    (`艾地骨化醇`, 软胶囊); `注射用头孢曲松钠` → (`头孢曲松钠`, 注射用无菌粉末); a qualified form
    leaves its qualifier in the name: `硝酸咪康唑阴道软胶囊` → (`硝酸咪康唑阴道`, 软胶囊); a
    name without a known form comes back whole with None."""
    stem, form = dosage_forms.split_form(name)
    if form is not None and form.kind == QUALIFIED:
        return name[: -len(form.canonical)], _plain(form)
    return stem, form


def _plain(form: Form | None) -> Form | None:
    return forms()[form.canonical] if form is not None and form.kind == QUALIFIED else form


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
