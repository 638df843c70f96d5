"""Drug specifications (规格) and device models (型号) as rulings print them, and the strength
arithmetic matching needs (0.25g = 250mg; μg, ug and mcg are one unit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extract.identifiers.found import Found, fold_width

# Unit spellings → (canonical unit, factor to it). Mass is compared in mg, volume in ml.
_UNITS: dict[str, tuple[str, Decimal]] = {
    "g": ("mg", Decimal(1000)),
    "mg": ("mg", Decimal(1)),
    "μg": ("mg", Decimal("0.001")),
    "µg": ("mg", Decimal("0.001")),  # U+00B5 micro sign, common in Word files
    "ug": ("mg", Decimal("0.001")),
    "mcg": ("mg", Decimal("0.001")),
    "l": ("ml", Decimal(1000)),  # from "L"
    "ml": ("ml", Decimal(1)),
    "iu": ("IU", Decimal(1)),
    "万iu": ("IU", Decimal(10000)),
    "u": ("U", Decimal(1)),
    "单位": ("U", Decimal(1)),
    "万u": ("U", Decimal(10000)),
    "万单位": ("U", Decimal(10000)),
    "%": ("%", Decimal(1)),
}
# Case matters: "g" is grams but "22G" is a needle gauge.
_UNIT_ALTERNATION = "万单位|万IU|万U|单位|mcg|μg|µg|ug|mg|MG|Mg|ml|mL|ML|IU|iu|g|L|U|%"

# One strength: "0.75μg", "0.75ug", "10mg", "0.25g", "5ml", "20万单位", "0.5%", "10 mg".
# Not "5μm" (particle size) nor "22G" (gauge: upper-case G is not grams).
STRENGTH_RE = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<amount>\d+(?:\.\d+)?)\s?(?P<unit>{_UNIT_ALTERNATION})(?![A-Za-z])"
)
_STRENGTH = STRENGTH_RE.pattern.replace("(?P<amount>", "(?:").replace("(?P<unit>", "(?:")

_PIECE = "[片粒袋支瓶丸贴枚盒板包套台把个只吸揿]"  # what a pack counts
_CONTAINER = "[盒瓶袋板包箱支套]"  # what holds the pieces
# Pieces and packs after a strength: "×7片", "*14片/盒", "x10支/盒", "×10片×3板/盒".
_PACK = rf"(?:\s?[×xX*]\s?\d+\s?{_PIECE})+(?:\s?/\s?{_CONTAINER})?"
# A note on what the strength counts: "（按C28H33N7O2计）", "（沙库巴曲49mg/缬沙坦51mg）".
_NOTE = r"(?:[（(](?:按[^（）()\n]{1,30}计|[^（）()\n]{0,30}\d(?:mg|g|μg|ug|ml)[^（）()\n]{0,30})[)）])"

# A specification: strengths joined by ":" or "/", an optional note, an optional pack:
# "5ml:0.1g", "10mg×7片", "20mg*14片/盒", "5mg/500mg×14片/盒", "0.75μg", "80mg（按C28H33N7O2计）".
SPECIFICATION_RE = re.compile(rf"{_STRENGTH}(?:\s?[:：/]\s?{_STRENGTH})*{_NOTE}?(?:{_PACK})?")

# A pack without a strength: "14片/盒", "1套/盒", "50支/盒", "1台/箱", "10片×3板/盒".
PACK_RE = re.compile(
    rf"(?<![0-9A-Za-z.×xX*])\d+\s?{_PIECE}(?:\s?[×xX*]\s?\d+\s?{_PIECE})*\s?/\s?{_CONTAINER}"
)

_MODEL = (
    r"(?:[A-Za-z0-9][A-Za-z0-9.\-×*/+ ⅠⅡⅢⅣⅤⅥ]*[A-Za-z0-9ⅠⅡⅢⅣⅤⅥ]|[A-Za-z0-9])"
    r"(?:[台套个支片粒袋瓶盒](?:/[盒箱包袋瓶])?)?"
)
# A labelled model or spec: ASCII-led models (a list joined by 、 is one value) up to the first
# other Chinese character or delimiter, or a Chinese model name ending in 型 with an optional
# ASCII tail. Matches "规格型号：SD-3.0×18mm", "型号为GM-300的血糖仪" (→ GM-300),
# "型号：CT-5、CT-10、CT-12", "型号规格安护型22G" (→ 安护型22G), "型号：安护型", "规格22G",
# "规格为1套/盒", "型号JM-Ⅱ"; not "包装规格1台/盒" (packaging).
LABELLED_SPEC_RE = re.compile(
    r"(?<!包装)(?:规格型号|型号规格|型号|规格)\s?(?:[:：]|为)?\s?"
    rf"(?P<value>{_MODEL}(?:、{_MODEL})*"
    r"|[\u4e00-\u9fff]{1,6}型(?:[A-Za-z0-9][A-Za-z0-9.\-×*/+]*)?)"
)


@dataclass(frozen=True)
class Strength:
    """A strength in its canonical unit: mass in mg, volume in ml, IU, U or %."""

    amount: Decimal  # exact: Decimal("0.25") g gives Decimal("250") mg
    unit: str  # "mg", "ml", "IU", "U" or "%"


def _canonical(amount: str, unit: str) -> Strength:
    key = unit if unit in _UNITS else unit.lower()
    canonical_unit, factor = _UNITS[key]
    # Plain notation ("250", not "2.5E+2") so the amount also reads well in messages.
    return Strength(Decimal(f"{(Decimal(amount) * factor).normalize():f}"), canonical_unit)


def parse_strength(s: str) -> Strength | None:
    """The canonical strength of one amount with a unit (`0.25g` → 250 mg, `0.75ug` →
    0.00075 mg), surrounding whitespace ignored; None when `s` is not exactly one strength."""
    match = STRENGTH_RE.fullmatch(fold_width(s).strip())
    return _canonical(match["amount"], match["unit"]) if match else None


def parse_strengths(spec: str) -> tuple[Strength, ...]:
    """Every strength in a specification, in order (`5mg/500mg×14片/盒` → 5 mg, 500 mg);
    pack counts are not strengths."""
    return tuple(_canonical(m["amount"], m["unit"]) for m in STRENGTH_RE.finditer(fold_width(spec)))


def same_strength(a: str, b: str) -> bool:
    """True when two printed specifications carry the same strengths (`0.25g` vs `250mg`,
    `0.75μg` vs `0.75mcg`), ignoring packs; False when either has none."""
    left, right = parse_strengths(a), parse_strengths(b)
    return bool(left) and left == right


def find_specifications(text: str) -> list[Found]:
    """Specifications (strengths with their packs), packs alone (`14片/盒`) and labelled models
    in `text`, with offsets into `text`; value as printed with surrounding whitespace trimmed.
    A labelled list of models is one value (`CT-5、CT-10、CT-12`); a list of strengths gives one
    value per strength (`40mg`, `80mg`)."""
    folded = fold_width(text)
    found: list[Found] = []
    for pattern in (SPECIFICATION_RE, PACK_RE):
        for match in pattern.finditer(folded):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            raw = text[match.start() : match.end()]
            found.append(Found(match.start(), match.end(), raw, raw.strip()))
    for match in LABELLED_SPEC_RE.finditer(folded):
        value = match["value"].strip()
        start = match.start("value") + (len(match["value"]) - len(match["value"].lstrip()))
        end = start + len(value)
        if not value or any(f.start < end and start < f.end for f in found):
            continue
        found.append(Found(start, end, text[start:end], text[start:end]))
    return sorted(found, key=lambda f: f.start)
