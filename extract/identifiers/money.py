"""Amounts of money in 元 as rulings print them: `1,500,000元`, `150万元`, `35.5万元`,
`人民币一百五十万元`, `壹佰伍拾万元整` (大写)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extract.identifiers.found import Found, drop_spaces, fold_width

_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
_FRACTIONS = {"角": Decimal("0.1"), "分": Decimal("0.01")}
_CN_NUMERALS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)

# Arabic amounts: "1,500,000元", "1，500，000.00元", "150万元", "35.5万元", "人民币1200000元",
# "¥1,500,000元", "1.2亿元". The 元 is required: a bare number is not money.
ARABIC_AMOUNT_RE = re.compile(
    r"(?:(?:人民币|[¥￥])\s?)?"
    r"(?P<number>(?<![\d.,])\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    r"\s?(?P<big>[万萬亿])?\s?[元圆](?P<zheng>整)?"
)

# Chinese-numeral amounts: "人民币一百五十万元", "壹佰伍拾万元整", "十二万元", "叁仟元伍角".
CHINESE_AMOUNT_RE = re.compile(
    rf"(?:人民币\s?)?(?P<number>[{_CN_NUMERALS}]+)[元圆]"
    rf"(?P<fraction>(?:[{''.join(_DIGITS)}][角分]){{1,2}})?(?P<zheng>整)?"
)


# One 角/分 part after 元: "伍角" → ("伍", "角").
FRACTION_RE = re.compile(r"(.)([角分])")


def _chinese_integer(text: str) -> int | None:
    if not any(c in _DIGITS for c in text) and text[0] not in "十拾":
        return None  # "万元", "千元": a unit without a number is not an amount
    total, section, number = 0, 0, None
    for char in text:
        if char in _DIGITS:
            if number is not None and number != 0 and _DIGITS[char] != 0:
                return None  # two digits in a row without a unit: "一五" is not an amount
            number = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if number is None else number) * _UNITS[char]
            number = None
        elif char in _BIG:
            section += number or 0
            if char == "亿":
                total = (total + section) * _BIG[char]
            else:
                total += section * _BIG[char]
            section, number = 0, None
        else:
            return None
    return total + section + (number or 0)


def _chinese_amount(number: str, fraction: str | None) -> Decimal | None:
    integer = _chinese_integer(number)
    if integer is None:
        return None
    value = Decimal(integer)
    for digit, unit in FRACTION_RE.findall(fraction or ""):
        value += _DIGITS[digit] * _FRACTIONS[unit]
    return value


def _arabic_amount(number: str, big: str | None) -> Decimal | None:
    try:
        value = Decimal(number.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    return value * _BIG[big] if big else value


def _amount_of(match: re.Match[str]) -> Decimal | None:
    if match.re is ARABIC_AMOUNT_RE:
        return _arabic_amount(match["number"], match["big"])
    return _chinese_amount(match["number"], match["fraction"])


def parse_cny(raw: str) -> float | None:
    """The amount in 元 written in `raw` (the whole string), or None if it is not an amount.

    Accepts thousands separators (`,` `，`), 万/亿 multipliers, decimals, 人民币/¥ prefixes, 整,
    lower-case Chinese numerals and 大写 (壹贰叁…拾佰仟).
    """
    folded = drop_spaces(fold_width(raw))
    for pattern in (ARABIC_AMOUNT_RE, CHINESE_AMOUNT_RE):
        match = pattern.fullmatch(folded)
        if match:
            amount = _amount_of(match)
            return float(amount) if amount is not None else None
    return None


def format_amount(amount: Decimal) -> str:
    """`1500000` for 1,500,000.00; `355000.5` keeps needed decimals only."""
    text = f"{amount.normalize():f}"
    return text


def find_amounts(text: str) -> list[Found]:
    """Amounts in 元 in `text`, in order, with offsets into `text` and the amount in 元 as a
    plain decimal string (`1500000`, `23000.5`)."""
    folded = fold_width(text)
    found: list[Found] = []
    for pattern in (ARABIC_AMOUNT_RE, CHINESE_AMOUNT_RE):
        for match in pattern.finditer(folded):
            amount = _amount_of(match)
            overlaps = any(f.start < match.end() and match.start() < f.end for f in found)
            if amount is None or overlaps:
                continue
            raw = text[match.start() : match.end()]
            found.append(Found(match.start(), match.end(), raw, format_amount(amount)))
    return sorted(found, key=lambda f: f.start)
