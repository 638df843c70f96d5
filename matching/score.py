"""Field-by-field scoring of one accused product against one catalogue item.

Splink-style: each field's agreement level adds or removes weight (in bits: +1 doubles the
odds that the pair is one product), starting from a prior that says a random pair is not;
the score is the resulting probability. Every field that moved the score gives one reason
in `because`, worded like the contract's example ("批准文号 equal").
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from extract.identifiers.approval_numbers import approval_key
from extract.identifiers.product_codes import parse_nhsa_code
from matching.companies import alias_keys, company_key
from matching.forms import compare_forms, form_of
from matching.keys import code_key
from matching.model import CatalogueItem
from matching.names import parse_name
from matching.strengths import compare_strengths, normalise_spec

PRIOR = -12.0  # bits: before any field is compared, a pair is very likely not one product
# Weight (bits) of each field's agreement level, log2(m/u) in Splink's terms, set from what
# the identifiers are: a 批准文号 or 医保代码 names one product of one maker (u ≈ 1e-6, so
# its agreement outweighs any single disagreement and leaves the pair to a person); a name,
# specification or maker that differs is strong evidence against (m ≈ 1–2%: trade names,
# misprints) but not proof. Reviewed with the labelled set; thresholds are chosen on it.
WEIGHTS: dict[str, dict[str, float]] = {
    "approval": {"equal": 20.0, "differs": -10.0},
    "code": {"equal": 20.0, "platform_equal": 14.0, "other_enterprise": -10.0, "differs": -8.0},
    "name": {"equal": 6.0, "equal_ignoring_salt": 4.0, "trade_name": 4.0, "salt_differs": -8.0,
             "similar": 0.0, "differs": -6.0},
    "form": {"equal": 2.0, "compatible": 0.5, "differs": -8.0},
    "spec": {"equal": 5.0, "differs": -8.0},
    "company": {"equal": 6.0, "alias": 4.0, "differs": -8.0},
    "packaging": {"equal": 0.5, "differs": -0.5},
}  # fmt: skip
SIMILAR_NAME = 90  # rapidfuzz ratio above which two different bases count as "similar"
# Fields whose disagreement always needs a person, whatever the total.
DECISIVE = ("approval", "code", "name", "form", "spec", "company")


@dataclass(frozen=True)
class AccusedProduct:
    """The fields of an accused product the matcher uses (from extract.model.Product)."""

    name: str
    specification: str | None = None
    approval_numbers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    manufacturer: str | None = None
    party: str | None = None
    packaging: str | None = None


@dataclass(frozen=True)
class Scored:
    """The score of one pair, the agreement level of each field, and the reasons."""

    score: float  # 0.0–1.0
    bits: float  # prior + weights
    levels: dict[str, str]  # field → agreement level ("unknown" fields left out)
    because: tuple[str, ...]

    @property
    def contradicted(self) -> bool:
        """True when a decisive field disagrees."""
        return any(self.levels.get(f) in ("differs", "salt_differs", "other_enterprise") for f in DECISIVE)


def _approval(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    mine = {approval_key(a) for a in product.approval_numbers if a.strip()}
    theirs = {approval_key(a) for a in item.approval_numbers if a.strip()}
    if not mine or not theirs:
        return None
    shared = mine & theirs
    if shared:
        return "equal", f"批准文号 equal ({min(shared)})"
    return "differs", f"批准文号 differs ({'、'.join(sorted(mine))} ≠ {'、'.join(sorted(theirs))})"


def _code(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    mine = {code_key(c) for c in product.codes if c.strip()}
    if not mine:
        return None
    nhsa = code_key(item.nhsa_code) if item.nhsa_code else None
    if nhsa and nhsa in mine:
        return "equal", f"医保代码 equal ({nhsa})"
    if code_key(item.catalogue_id) in mine:
        return "platform_equal", f"产品编码 equal ({item.catalogue_id})"
    theirs = parse_nhsa_code(nhsa) if nhsa else None
    parsed = [p for p in (parse_nhsa_code(c) for c in mine) if p]
    if theirs is None or not parsed:
        return None
    for code in parsed:
        if code.product == theirs.product and code.enterprise != theirs.enterprise:
            return (
                "other_enterprise",
                f"医保代码 differs in the enterprise part ({code.code} ≠ {theirs.code})",
            )
    return "differs", f"医保代码 differs ({'、'.join(sorted(p.code for p in parsed))} ≠ {theirs.code})"


def _name(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str]:
    mine, theirs = parse_name(product.name), parse_name(item.name)
    if mine.base == theirs.base:
        if mine.salt == theirs.salt:
            return "equal", "通用名 equal" if mine.text == theirs.text else "通用名 equal after normalisation"
        if mine.salt and theirs.salt:
            return "salt_differs", f"通用名 salt differs ({mine.salt} ≠ {theirs.salt})"
        return "equal_ignoring_salt", f"通用名 equal ignoring the salt {mine.salt or theirs.salt}"
    if item.trade_name and parse_name(item.trade_name).text == mine.text:
        return "trade_name", f"商品名 equal ({item.trade_name})"
    similarity = ratio(mine.base, theirs.base)
    if similarity >= SIMILAR_NAME:
        return "similar", f"通用名 similar ({mine.text} ~ {theirs.text}, {similarity:.0f}%)"
    return "differs", f"通用名 differs ({mine.text} ≠ {theirs.text})"


def _form(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    mine = parse_name(product.name).form
    in_name = parse_name(item.name).form
    column = form_of(item.dosage_form)
    levels = [compare_forms(mine, in_name), compare_forms(mine, column, b_is_column=True)]
    known = [level for level in levels if level != "unknown"]
    if not known:
        return None
    theirs = in_name or column
    label = f"{mine.canonical if mine else '?'} / {item.dosage_form or (theirs.canonical if theirs else '?')}"
    if "differs" in known:
        return "differs", f"剂型 differs ({label})"
    if "equal" in known:
        return "equal", "剂型 equal"
    return "compatible", f"剂型 compatible ({label})"


def _spec(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    level = compare_strengths(product.specification, item.specification)
    if level == "unknown":
        return None
    if level == "equal":
        same_text = normalise_spec(product.specification or "") == normalise_spec(item.specification or "")
        return (
            "equal",
            "规格 equal"
            if same_text
            else f"规格 equal after unit conversion ({product.specification} = {item.specification})",
        )
    return "differs", f"规格 differs ({product.specification} ≠ {item.specification})"


def _company(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    mine = [(n, company_key(n)) for n in (product.manufacturer, product.party) if n]
    theirs = [
        (label, n, company_key(n))
        for label, n in (("生产企业", item.manufacturer), ("上市许可持有人", item.holder))
        if n
    ]
    mine = [(n, k) for n, k in mine if k]
    theirs = [(label, n, k) for label, n, k in theirs if k]
    if not mine or not theirs:
        return None
    for label, name, key in theirs:
        for printed, my_key in mine:
            if my_key == key:
                how = "equal" if printed == name else "equal after normalisation"
                return "equal", f"{label} {how}"
    for label, name, key in theirs:
        for printed, my_key in mine:
            if key in alias_keys(my_key):
                return "alias", f"{label} equal by the alias list ({printed} = {name})"
    names = "、".join(dict.fromkeys(n for _, n, _ in theirs))
    return "differs", f"企业 differs ({'、'.join(dict.fromkeys(p for p, _ in mine))} ≠ {names})"


def _packaging(product: AccusedProduct, item: CatalogueItem) -> tuple[str, str] | None:
    if not product.packaging or not item.packaging:
        return None
    if normalise_spec(product.packaging) == normalise_spec(item.packaging):
        return "equal", "包装 equal"
    return "differs", f"包装 differs ({product.packaging} ≠ {item.packaging})"


_FIELDS = (
    ("approval", _approval),
    ("code", _code),
    ("name", _name),
    ("form", _form),
    ("spec", _spec),
    ("company", _company),
    ("packaging", _packaging),
)


def score_pair(product: AccusedProduct, item: CatalogueItem) -> Scored:
    """Score `item` as a listing of `product`. Pure; the same pair always gets the same score."""
    bits = PRIOR
    levels: dict[str, str] = {}
    because: list[str] = []
    for field, compare in _FIELDS:
        outcome = compare(product, item)
        if outcome is None:
            continue
        level, reason = outcome
        levels[field] = level
        bits += WEIGHTS[field][level]
        because.append(reason)
    if item.status == "已撤网":
        because.append("挂网状态 已撤网 (already delisted)")
    score = 1.0 / (1.0 + 2.0 ** (-bits))
    return Scored(score=round(score, 4), bits=bits, levels=levels, because=tuple(because))
