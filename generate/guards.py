"""The precision guards: checks that do not depend on reading the ruling right.

A wrong delisting hurts a company that did nothing wrong, so an action is drafted only when
the listed item's enterprise (生产企业 / 上市许可持有人 / 注册人) is an accused party that the
ruling orders to stop; an item of the rights holder's side is never acted on; anything the
reader could not settle is held for a person with the reason (contract §4, "Whose item",
"Not findings", "Never silently none"). Pure functions over the ruling and its matches.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.model import Party, Ruling
from extract.stop_orders import UNNAMED, is_stop_order, orders_by_party
from generate.model import Guard, Hold
from matching.companies import same_company
from matching.model import Match

IMPORT_STOP = "停止进口"  # the order that binds an importer of a foreign maker's product

# Orders that end or move the case: nothing to hold for ("准许撤诉", "发回重审").
CLOSING_DISPOSITIONS = ("withdrawn", "remanded")


def _names(party: Party) -> tuple[str, ...]:
    return (party.name, *party.short_names)


def _same(enterprise: str, party: Party) -> bool:
    return any(same_company(enterprise, name) for name in _names(party))


def accused_parties(ruling: Ruling) -> tuple[Party, ...]:
    """The parties on the accused side, in the ruling's order."""
    return tuple(p for p in ruling.parties if p.side == "accused")


def enterprises(match: Match) -> tuple[str, ...]:
    """The item's enterprises as the catalogue lists them: 生产企业, 上市许可持有人/注册人."""
    item = match.item
    return tuple(dict.fromkeys(n for n in (item.manufacturer, item.holder) if n))


def ordered_parties(ruling: Ruling) -> tuple[Party, ...]:
    """The accused parties the stop orders bind: those they name, or the whole accused side
    when they name none ("被告立即停止…") or are quoted from an upheld judgment."""
    accused = accused_parties(ruling)
    named = set(ruling.outcome.stop_parties)
    bound = tuple(p for p in accused if p.name in named)
    return bound or accused


def item_hold(ruling: Ruling, match: Match) -> Hold | None:
    """Why this matched item must not be acted on as the finding would have it, or None when
    its enterprise is an accused party ordered to stop."""
    item, product = match.item, match.product
    makers = enterprises(match)
    who = "、".join(makers)
    holders = [p for p in ruling.parties if p.side == "rights_holder" and any(_same(m, p) for m in makers)]
    if holders:
        return Hold(Guard.RIGHTS_HOLDER_ITEM,
                    f"该产品的企业（{who}）是本案权利人一方（{holders[0].name}），不对其产品采取措施",
                    product, item)
    if not makers:
        return Hold(Guard.MAKER_UNKNOWN,
                    "目录未载明该产品的生产企业或上市许可持有人，无法核对其是否为被责令停止的当事人，请人工确认",
                    product, item)
    accused = accused_parties(ruling)
    party = next((p for p in accused if any(_same(m, p) for m in makers)), None)
    ordered = ordered_parties(ruling)
    bound = "、".join(p.name for p in ordered) or "（未能识别被诉当事人）"
    if party is None and importer(ruling, match) is None:
        return Hold(Guard.MAKER_NOT_A_PARTY,
                    f"该产品的企业（{who}）不是本案被诉当事人，判项约束的是{bound}，请人工确认是否处理",
                    product, item)
    if party is None:
        return None  # the accused importer of this maker's product is ordered to stop importing it
    if party not in ordered:
        return Hold(Guard.MAKER_NOT_ORDERED,
                    f"{party.name}是被诉当事人，但停止侵权的判项只针对{bound}，请人工确认",
                    product, item)
    owner = ruling.products[product].party if 0 <= product < len(ruling.products) else None
    if owner and not any(same_company(m, owner) for m in makers) and not _same(owner, party):
        return Hold(Guard.PRODUCT_OF_ANOTHER_PARTY,
                    f"文书将该产品归于{owner}，而目录中的企业是{who}，请人工确认",
                    product, item)
    return None


def importer(ruling: Ruling, match: Match) -> Party | None:
    """The accused party ordered to stop importing this product, when the ruling names the
    item's enterprise as the product's maker (a foreign maker, not a party; its importer is):
    stopping the import takes the product off the market as surely as stopping the maker."""
    product = ruling.products[match.product] if 0 <= match.product < len(ruling.products) else None
    if product is None or not product.manufacturer or not product.party:
        return None
    if not any(same_company(m, product.manufacturer) for m in enterprises(match)):
        return None
    accused = {p.name: _names(p) for p in accused_parties(ruling)}
    party = next((p for p in ruling.parties if p.name in accused and _same(product.party, p)), None)
    if party is None or party not in ordered_parties(ruling):
        return None
    by_party = orders_by_party(ruling.outcome.operative_text, accused)
    orders = by_party.get(party.name) or by_party.get(UNNAMED) or ()
    return party if IMPORT_STOP in orders else None


def ruling_holds(ruling: Ruling, matches: Sequence[Match] = ()) -> list[Hold]:
    """What the ruling as a whole leaves open: a stop order that is not a finding (interim
    order, mediation), or a finding with a stop order whose product, party, authority or
    effectiveness could not be read. Never a silent "none"."""
    stops = any(is_stop_order(o) for o in (*ruling.outcome.orders, *ruling.outcome.upheld_orders))
    if not stops or ruling.outcome.disposition in CLOSING_DISPOSITIONS:
        return []
    if ruling.document_type == "ruling":
        return [Hold(Guard.NOT_A_FINDING,
                     "民事裁定书中的停止令（行为保全、诉前禁令等临时措施）不是侵权认定，不据此撤网或取消中选；"
                     "请跟踪后续判决")]
    if ruling.document_type == "mediation" or ruling.outcome.disposition == "settled":
        return [Hold(Guard.NOT_A_FINDING,
                     "调解书（或调解协议）约定停止，但不是侵权认定，不据此撤网或取消中选；请人工判断")]
    holds: list[Hold] = []
    if ruling.document_type == "other":
        holds.append(Hold(Guard.UNREAD, "文书中有停止侵权的判项，但未能识别文书类型，请人工确认"))
    if ruling.outcome.infringement is None:
        holds.append(Hold(Guard.UNREAD, "文书中有停止侵权的判项，但未能读出侵权认定，请人工确认"))
    if ruling.outcome.infringement is not False:
        accused = accused_parties(ruling)
        if not ruling.products:
            holds.append(Hold(Guard.UNREAD, "认定侵权并判令停止，但未能识别被诉产品，请人工补充产品信息"))
        if not ruling.authority.name:
            holds.append(Hold(Guard.UNREAD, "认定侵权并判令停止，但未能识别作出文书的机关，请人工确认"))
        if not accused:
            holds.append(Hold(Guard.UNREAD, "认定侵权并判令停止，但未能识别被诉当事人，请人工确认"))
        if ruling.document_type == "judgment" and ruling.effective is None:
            holds.append(Hold(Guard.UNREAD, "认定侵权并判令停止，但未能判断判决是否已生效，请核对生效证明"))
        for index, product in enumerate(ruling.products):
            if not product.party and len(accused) > 1 and any(m.product == index for m in matches):
                holds.append(Hold(Guard.UNREAD, f"未能确定{product.name}属于哪一被诉当事人，请人工确认", index))
    return holds
