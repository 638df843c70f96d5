"""NHSA (国家医保局) product codes: western drugs, Chinese patent medicines, consumables.

No checksum exists for any of them (FORMATS.md §4): shapes only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extract.identifiers.found import Found, fold_width

NhsaKind = Literal["western_drug", "chinese_medicine", "consumable"]

# Western drug, 23 chars: X + ATC level 4 (A01AB) + generic-name code (D075) + dosage-form code
# (A002) + spec 01 + package 01 + enterprise 00483: "XA01ABD075A002010100483".
WESTERN_DRUG_CODE_RE = re.compile(r"X[A-Z]\d{2}[A-Z]{2}[A-Z]\d{3}[A-Z]\d{3}\d{2}\d{2}\d{5}")

# Chinese patent medicine, 20 chars: Z + class (A01AA) + name code (X0558) + 9 digits:
# "ZA01AAX0558010100166". [I] every one of the 8,263 Z codes in ../shared/data fits this.
CHINESE_MEDICINE_CODE_RE = re.compile(r"Z[A-Z]\d{2}[A-Z]{2}[A-Z]\d{4}\d{9}")

# Consumable, 20 chars (C + 6-digit class + 3-digit generic name + 5-digit features + 5-digit
# enterprise), optionally + 7-digit 规格型号码 (27 chars): "C0344051070500007551",
# "C15010521204021107660000001".
CONSUMABLE_CODE_RE = re.compile(r"C\d{6}\d{3}\d{5}\d{5}(?:\d{7})?")

_PATTERNS: tuple[tuple[re.Pattern[str], NhsaKind], ...] = (
    (WESTERN_DRUG_CODE_RE, "western_drug"),
    (CHINESE_MEDICINE_CODE_RE, "chinese_medicine"),
    (CONSUMABLE_CODE_RE, "consumable"),
)

# Any of the three in running text, not inside a longer run of letters and digits.
NHSA_CODE_IN_TEXT_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:" + "|".join(f"(?:{p.pattern})" for p, _ in _PATTERNS) + r")(?![0-9A-Za-z])"
)


@dataclass(frozen=True)
class NhsaCode:
    """An NHSA code taken apart into the parts matching needs."""

    code: str  # the whole code
    kind: NhsaKind
    product: str  # generic name + dosage form (X: first 14, Z: first 11), consumable: class + name
    enterprise: str  # 5-digit enterprise code (last 5 of a drug code; digits 15–19 of a consumable)
    spec: str  # spec + package (drugs: 4 digits) or 规格型号码 (27-char consumables; "" for 20)


def nhsa_kind(code: str) -> NhsaKind | None:
    """Which kind of NHSA code `code` is (surrounding whitespace ignored), None if not one."""
    folded = fold_width(code).strip().upper()
    for pattern, kind in _PATTERNS:
        if pattern.fullmatch(folded):
            return kind
    return None


def is_nhsa_code(code: str) -> bool:
    """True when `code` has the shape of an NHSA drug or consumable code."""
    return nhsa_kind(code) is not None


def parse_nhsa_code(code: str) -> NhsaCode | None:
    """The parts of an NHSA code, None if `code` is not one."""
    folded = fold_width(code).strip().upper()
    kind = nhsa_kind(folded)
    if kind == "western_drug":
        return NhsaCode(folded, kind, folded[:14], folded[18:], folded[14:18])
    if kind == "chinese_medicine":
        return NhsaCode(folded, kind, folded[:11], folded[15:], folded[11:15])
    if kind == "consumable":
        return NhsaCode(folded, kind, folded[:10], folded[15:20], folded[20:])
    return None


def find_product_codes(text: str) -> list[Found]:
    """NHSA codes in `text`, with offsets into `text`; value upper-case, half-width."""
    folded = fold_width(text)
    return [
        Found(m.start(), m.end(), text[m.start() : m.end()], m.group())
        for m in NHSA_CODE_IN_TEXT_RE.finditer(folded)
    ]
