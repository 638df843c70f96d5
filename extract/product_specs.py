"""The specifications (规格) and models (型号) of an accused product, as a ruling prints them.

A product may come in several strengths or models: "规格为5mg、7.5mg", "规格分别为5mg和7.5mg",
"有10mg（国药准字…）、20mg（国药准字…）两种规格". All of them are carried, joined by "、" (the
contract's `specification` is one string; the matcher reads a "、" list as alternatives).

Not every strength printed is accused: the order or the finding may name some
("停止销售规格为10mg的利伐沙班片", "甲公司仅主张型号为BX-20的产品构成侵权"), and a model may be
said not to be claimed ("BX-18型号不在其主张范围内"). A registration certificate's whole model
list (注册证载明的型号规格为…) is what the maker may sell, not what was accused: it is used only
when nothing else names the models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.identifiers.found import fold_width
from extract.identifiers.specifications import parse_strengths

# One specification item: a strength ("7.5mg", "0.25g", "5ml:0.1g", "49mg/51mg") or an
# ASCII-led model ("BX-20", "SD-3.0×18mm", "JM-Ⅱ"), optionally ending in 型/号.
ITEM = r"(?:\d+(?:\.\d+)?\s?(?:mg|g|μg|µg|ug|mcg|ml|mL|IU|万IU|万单位|单位|U|%)(?:\s?[:：/]\s?\d+(?:\.\d+)?\s?(?:mg|g|μg|ug|ml|mL))?|[A-Za-z][A-Za-z0-9.\-×*/ⅠⅡⅢⅣⅤ]*[A-Za-z0-9ⅠⅡⅢⅣⅤ]|[A-Za-z])"
# A list of items: "5mg、7.5mg", "5mg和7.5mg", "BX-20、BX-25及BX-26", "10mg/20mg" is one item.
ITEM_LIST = rf"{ITEM}(?:\s?(?:、|和|及|与|或|,|，)\s?{ITEM})*"
ITEM_RE = re.compile(ITEM)
# Words before a printed value that are not part of it: "分别为", "分别是", "包括".
LEAD_WORDS = re.compile(r"^(?:分别|均|包括|有)?(?:为|是)?[：:]?\s*")

# A specification or model printed just before a product name, in the finding or the order:
# "规格为10mg的" (利伐沙班片), "型号为BX-20、BX-25的" (留置针), "10mg规格的", "BX-22型".
SPEC_BEFORE_NAME = re.compile(
    rf"(?:(?:规格|型号|规格型号|型号规格)(?:分别)?(?:为|是)?[：:]?\s*(?P<labelled>{ITEM_LIST})(?:型号|规格)?(?:的|之)"
    rf"|(?P<plain>{ITEM_LIST})\s?(?:规格|型号)?(?:的|型))$"
)
# A claim or finding limited to some models: "仅主张型号为BX-20、BX-25的产品构成侵权",
# "只以规格为10mg的利伐沙班片为被诉侵权产品", "本案被诉侵权产品仅为BX-22型号".
CLAIMED_SPECS = re.compile(
    rf"(?:仅|只|仅仅)(?:主张|针对|就|以|指控|起诉|请求)?[^。；]{{0,12}}?(?:规格|型号)(?:分别)?(?:为|是)?[：:]?\s*(?P<items>{ITEM_LIST})"
    rf"|被诉侵权产品(?:仅|只)(?:为|是|系)\s*(?P<items2>{ITEM_LIST})\s?(?:型号|规格|型)"
)
# Models or strengths said not to be accused: "BX-18型号不在其主张范围内", "型号为BX-18的产品
# 不属于被诉侵权产品", "不包括规格为15mg的", "原告撤回对BX-26型号的主张".
EXCLUDED_SPECS = re.compile(
    rf"(?:(?:规格|型号)(?:为|是)?\s*)?(?P<items>{ITEM_LIST})\s?(?:型号|规格|型)?(?:的)?(?:产品|药品)?"
    r"(?:不在(?:本案|其|原告的?|请求人的?)?(?:主张|保护|诉请|请求)范围|不属于(?:本案)?被诉(?:侵权)?产品|"
    r"并非(?:本案)?被诉(?:侵权)?产品|未被?(?:原告|请求人)?主张|(?:原告|请求人)?(?:未|不)主张)"
    rf"|(?:不包括|撤回(?:了)?对)(?:规格|型号)?(?:为)?\s*(?P<items2>{ITEM_LIST})"
)
# A patent or application number, never a model: "ZL209020946172.4", "209020946172.4".
PATENT_LIKE = re.compile(r"(?:ZL)?\d{8,}", re.IGNORECASE)
# A registration certificate's own model list: "注册证载明的型号规格为…", "注册证（…）载明型号规格为…".
CERTIFICATE_LIST = re.compile(r"注册证[^。；]{0,40}?(?:载明|记载|显示|所列|列明|注明)[^。；]{0,6}?$|注册证[^，。；]{0,30}的$")


def split_items(value: str) -> list[str]:
    """The items of a printed specification list, in order: "分别为5mg和7.5mg" → 5mg, 7.5mg;
    "BX-18、BX-20" → BX-18, BX-20; a value that is not a list is returned whole
    ("10mg×7片", "安护型22G", "5ml:0.1g")."""
    value = LEAD_WORDS.sub("", value.strip()).rstrip("…．.。等")
    value = re.sub(r"(?:等)?[两二三四五六七八九十\d]+(?:种|个|款)(?:规格|型号)?$", "", value).strip()
    if not value:
        return []
    folded = fold_width(value)
    parts = [p.strip() for p in re.split(r"\s?(?:、|和|及|与|或|，|,)\s?", folded)]
    if len(parts) > 1 and all(ITEM_RE.fullmatch(p) for p in parts):
        start, items = 0, []
        for p in parts:  # return the printed (unfolded) text of each item
            at = folded.index(p, start)
            items.append(value[at : at + len(p)])
            start = at + len(p)
        return items
    return [value]


def join_items(items: Sequence[str]) -> str | None:
    """The contract's one-string form of several specifications: "5mg、7.5mg"."""
    return "、".join(items) if items else None


def same_item(a: str, b: str) -> bool:
    """Two printed items name the same strength (0.25g = 250mg) or the same model text."""
    left, right = parse_strengths(a), parse_strengths(b)
    if left and right:
        return left == right
    return re.sub(r"\s|型号|型|号", "", fold_width(a)).upper() == re.sub(r"\s|型号|型|号", "", fold_width(b)).upper()


def specs_before_name(before: str) -> list[str]:
    """The specifications printed just before a product name ("规格为5mg、7.5mg的")."""
    m = SPEC_BEFORE_NAME.search(before)
    if not m:
        return []
    value = m.group("labelled") or m.group("plain")
    items = split_items(value)
    if m.group("plain") and not all((parse_strengths(i) or re.search(r"\d", i)) and not PATENT_LIKE.match(i) for i in items):
        return []  # "Pfizer的", "ZL209020946172.4的" are not models
    return items


def claimed_and_excluded(text: str) -> tuple[list[str], list[str]]:
    """Models or strengths the claim or finding limits the case to, and those it says are not
    accused, as printed anywhere in `text`."""
    claimed: list[str] = []
    excluded: list[str] = []
    for m in CLAIMED_SPECS.finditer(text):
        claimed.extend(split_items(m.group("items") or m.group("items2")))
    for m in EXCLUDED_SPECS.finditer(text):
        excluded.extend(split_items(m.group("items") or m.group("items2")))
    return claimed, excluded


def is_certificate_list(before: str) -> bool:
    """Whether a specification label stands in a registration certificate's description
    ("注册证载明的型号规格为…"): the models the maker may sell, not those accused."""
    return bool(CERTIFICATE_LIST.search(before))


def keep(items: Sequence[str], named: Sequence[str], excluded: Sequence[str]) -> list[str]:
    """`items` limited to those `named` (when any is named; named items missing from `items`
    are added) and without the `excluded` ones; order kept, duplicates dropped."""
    chosen: list[str] = []
    if named:
        for n in named:
            match = next((i for i in items if same_item(i, n)), n)
            chosen.append(match)
    else:
        chosen = list(items)
    out: list[str] = []
    for item in chosen:
        if any(same_item(item, x) for x in excluded) or any(same_item(item, o) for o in out):
            continue
        out.append(item)
    return out
