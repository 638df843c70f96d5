"""Stop orders: the words that make one, where they stand, and whom they bind.

The vocabulary is data (`patterns/stop_orders.txt`), the one list that extract reads orders
with and that generate acts on (through `is_stop_order`). A stop order is what clause 六 acts
on: an order to stop making, using, offering, selling or importing (or to stop infringing,
with no act named); damages, destruction or costs are not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

Span = tuple[int, int]
GENERIC_STOP = "停止侵权"  # the order a stop with no act named is read as


@dataclass(frozen=True)
class Vocabulary:
    acts: tuple[str, ...]  # 制造, 生产, 销售 …, longest first so 许诺销售 wins over 销售
    wholes: tuple[str, ...]  # 侵权, 侵害, 侵犯: "停止侵害…" is a stop with no act named


@functools.cache
def vocabulary() -> Vocabulary:
    """The stop-order words from `patterns/stop_orders.txt`, checked on load."""
    acts: list[str] = []
    wholes: list[str] = []
    text = resources.files("extract.patterns").joinpath("stop_orders.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, word = line.partition("\t")
        if kind not in ("act", "whole") or not re.fullmatch(r"[\u4e00-\u9fff]{1,6}", word):
            raise ValueError(f"stop_orders.txt line {number}: expected 'act|whole<TAB>word', got {line!r}")
        (acts if kind == "act" else wholes).append(word)
    return Vocabulary(tuple(sorted(acts, key=len, reverse=True)), tuple(wholes))


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = vocabulary()
    act = "|".join(words.acts)
    # "停止制造、销售、许诺销售", "停止生产和销售", "停止侵害" — acts joined by 、，和及与或
    stop = re.compile(rf"停止(?:(?P<acts>(?:(?:{act})[、，,和及与或]?)+)|(?P<whole>{'|'.join(words.wholes)}))")
    return stop, re.compile(act)


def stop_orders() -> tuple[str, ...]:
    """Every order this module can produce: 停止制造, …, 停止侵权."""
    return (*("停止" + a for a in vocabulary().acts), GENERIC_STOP)


def is_stop_order(order: str) -> bool:
    """Whether an order orders a stop: normalised (停止制造) or as printed (立即停止销售、许诺销售)."""
    return order in stop_orders() or bool(find_stop_orders(order))


def normalise_stop_order(order: str) -> tuple[str, ...]:
    """The normalised stop orders in one order: "立即停止销售、许诺销售" → 停止销售, 停止许诺销售."""
    return tuple(dict.fromkeys(o for stop in find_stop_orders(order) for o in stop.orders))


@dataclass(frozen=True)
class StopOrder:
    orders: tuple[str, ...]  # normalised: 停止制造, 停止销售 … or 停止侵权
    span: Span  # where the words stand in the text searched


def find_stop_orders(text: str, start: int = 0, end: int | None = None) -> list[StopOrder]:
    """The stop orders in `text[start:end]`, in order, each with its normalised orders."""
    stop, act = _patterns()
    found = []
    for m in stop.finditer(text, start, len(text) if end is None else end):
        orders = tuple(dict.fromkeys("停止" + a for a in act.findall(m["acts"]))) if m["acts"] else (GENERIC_STOP,)
        found.append(StopOrder(orders, (m.start(), m.end())))
    return found


# Where one operative item ends: a new line, "；" or "。" ("一、…停止制造…；二、…赔偿…。")
ITEM_END = re.compile(r"[\n；;。]")


# The key `orders_by_party` gives the stop orders that name no party ("被告立即停止…").
UNNAMED = ""


def orders_by_party(operative: str | None, names: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The stop orders of `operative`, item by item, by the party each item names: keys are
    full names (the keys of `names`, each with the names the text calls it by: full name,
    以下简称), or `UNNAMED` for an item that names none ("被告立即停止…", "责令被请求人立即
    停止…"). Rejected claims ("驳回…要求停止…") order nothing."""
    found: dict[str, tuple[str, ...]] = {}
    start = 0
    for m in ITEM_END.finditer((operative or "") + "\n"):
        item = (operative or "")[start : m.start()]
        start = m.end()
        stops = find_stop_orders(item)
        if not stops or re.match(r"\s*(?:[一二三四五六七八九十]+、)?\s*驳回", item):
            continue
        orders = tuple(o for stop in stops for o in stop.orders)
        named = [full for full, called in names.items() if any(n and n in item for n in called)]
        for key in named or [UNNAMED]:
            found[key] = tuple(dict.fromkeys((*found.get(key, ()), *orders)))
    return found


def bound_parties(operative: str | None, names: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """The parties the stop orders of `operative` name, by their full names.

    Empty when any stop order names no party ("被告立即停止…"): the order then binds the
    accused side as a whole, which the caller decides.
    """
    by_party = orders_by_party(operative, names)
    return () if UNNAMED in by_party else tuple(by_party)
