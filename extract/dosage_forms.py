"""Dosage forms (剂型): the one list of them, and a generic name split at its form.

The vocabulary is data (`patterns/dosage_forms.tsv`), read by extract (drug product names:
利伐沙班 + 片, 注射用 + 紫杉醇; `patterns/build_dictionaries.py` derives `dosage_forms.jsonl`
and the ingredient names of `drugs.jsonl` from it) and by matching (which forms decide
identity, `matching/forms.py`). Each written form maps to a canonical form, a family and a
kind: 片 and 片剂 are one form; 薄膜衣片 is a coated 片 (the generic name stays 某某片);
分散片 is another product than 片; 阴道软胶囊 is 软胶囊 qualified by a word of the product's name
(extract reads it whole, matching compares its plain form).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

QUALIFIED = "qualified"  # 阴道软胶囊: a plain form (软胶囊) after a word of the product's name
KINDS = ("base", "coating", "distinct", QUALIFIED)
# A written form that begins a name ends in 用: "注射用头孢曲松钠" = 注射用 + 头孢曲松钠.
PREFIX_MARK = "用"


@dataclass(frozen=True)
class Form:
    """One dosage form as the table knows it."""

    canonical: str  # 片, 薄膜衣片, 分散片 …
    family: str  # 片, 胶囊, 注射剂 …
    kind: str  # base | coating | distinct | qualified (then canonical is the plain written form)


@functools.cache
def forms() -> dict[str, Form]:
    """Written form → Form, from `patterns/dosage_forms.tsv` (checked on load)."""
    return read_forms(resources.files("extract.patterns").joinpath("dosage_forms.tsv").read_text(encoding="utf-8"))


def read_forms(text: str) -> dict[str, Form]:
    """Written form → Form from the text of a form table; a bad line raises ValueError naming it."""
    table: dict[str, Form] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[3] not in KINDS or not all(re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in parts[:3]):
            raise ValueError(f"dosage_forms.tsv line {number}: expected written, canonical, family, kind; got {line!r}")
        if parts[0] in table:
            raise ValueError(f"dosage_forms.tsv line {number}: {parts[0]} given twice")
        table[parts[0]] = Form(parts[1], parts[2], parts[3])
    for written, form in table.items():
        plain = table.get(form.canonical)
        if form.kind == QUALIFIED and not (
            plain and plain.kind != QUALIFIED and plain.family == form.family and written.endswith(form.canonical)
        ):
            raise ValueError(f"dosage_forms.tsv: {written} is qualified but does not end with a plain form of its family")
    return table


@functools.cache
def prefixes() -> tuple[str, ...]:
    """The written forms that begin a name (注射用), longest first."""
    return tuple(sorted((w for w in forms() if w.endswith(PREFIX_MARK)), key=len, reverse=True))


@functools.cache
def suffixes() -> tuple[str, ...]:
    """The written forms that end a name (片, 缓释片, 软胶囊 …), longest first so that 缓释片
    wins over 片."""
    return tuple(sorted((w for w in forms() if not w.endswith(PREFIX_MARK)), key=len, reverse=True))


def split_form(name: str) -> tuple[str, Form | None]:
    """(name without its form, the form) for a generic name: `艾地骨化醇软胶囊` →
    (`艾地骨化醇`, 软胶囊); `注射用头孢曲松钠` → (`头孢曲松钠`, 注射用无菌粉末); a name without a
    known form comes back whole with None."""
    for prefix in prefixes():
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :], forms()[prefix]
    for suffix in suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], forms()[suffix]
    return name, None
