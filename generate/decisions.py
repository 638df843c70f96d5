"""What the policy requires: pure functions from a ruling and its matches to actions.

Contract §4, "When a finding can be acted on" (policy clause 六). A finding on one accused
product is actionable when (1) that product is found to infringe, (2) the accused is ordered
to stop, and (3) the decision is an IP office's ruling or decision (acted on at once) or a
court judgment that is effective. Drug patent linkage findings (专利法第七十六条) never are.
Then the status of each matched catalogue item says which action follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from extract.header import is_linkage_cause
from extract.identifiers.cn_dates import format_gbt9704_date
from extract.model import Ruling
from extract.stop_orders import GENERIC_STOP, is_stop_order, normalise_stop_order
from generate.guards import importer, item_hold, ruling_holds
from generate.model import (
    CANCEL_SELECTION,
    DELIST,
    DRASTIC_ACTIONS,
    GUARD_LABELS,
    NONE,
    REFUSE_LISTING,
    RESTORE_LISTING,
    WATCH,
    Action,
    Finding,
    Guard,
    Hold,
    PriorAction,
)
from matching.model import CatalogueItem, Match

POLICY = "《国家知识产权局 国家医疗保障局关于加强医药集中采购领域知识产权保护的意见》"
CLAUSE_6 = f"{POLICY}第（六）项"


IP_OFFICE_TYPES = ("administrative_ruling", "administrative_decision")
DOCUMENT_LABELS = {
    "judgment": "民事判决",
    "ruling": "民事裁定",
    "administrative_ruling": "行政裁决",
    "administrative_decision": "专利侵权纠纷处理决定",
    "mediation": "调解书",
    "other": "文书",
}
# 上诉期 when the judgment does not print one (民事诉讼法第一百七十一条).
DEFAULT_APPEAL_DAYS = 15


def is_linkage(ruling: Ruling) -> bool:
    """True for a drug patent linkage case (专利法第七十六条), never a finding of infringement."""
    if is_linkage_cause(ruling.cause):
        return True
    return any(p.application_number for p in ruling.products) and ruling.authority.kind == "ip_office" and not any(
        is_stop_order(o) for o in ruling.outcome.orders
    )


def stop_orders(ruling: Ruling) -> tuple[str, ...]:
    """The stop orders in force: this decision's own, and those of the earlier decision it
    keeps (维持原判, 维持…第一项) as quoted in its history (`outcome.upheld_orders`)."""
    kept = ruling.outcome.upheld_orders if upholds_earlier(ruling) else ()
    return tuple(o for o in (*ruling.outcome.orders, *kept) if is_stop_order(o))


def has_stop_order(ruling: Ruling) -> bool:
    """True when an order to stop making, selling, offering, importing or using is in force."""
    return bool(stop_orders(ruling))


def stop_words(ruling: Ruling) -> str:
    """`判令停止制造、销售` (court) or `责令停止制造、销售` (IP office), from the stop orders."""
    normalised = (n for o in stop_orders(ruling) for n in normalise_stop_order(o))
    verbs = [o.removeprefix("停止") for o in normalised if o != GENERIC_STOP]
    verb = "责令" if is_ip_office_decision(ruling) else "判令"
    return f"{verb}停止{'、'.join(dict.fromkeys(verbs))}" if verbs else f"{verb}停止侵权行为"


def upholds_earlier(ruling: Ruling) -> bool:
    """An appeal or retrial decision that keeps an earlier decision (维持原判, 驳回再审申请)."""
    return ruling.outcome.disposition in ("appeal_dismissed", "partially_reversed") or any(
        o in ("维持原判", "驳回上诉", "驳回再审申请") for o in ruling.outcome.orders)


def product_infringes(ruling: Ruling, product: int) -> bool | None:
    """The product's own finding; the document's when the product has none of its own."""
    own = ruling.products[product].infringes if 0 <= product < len(ruling.products) else None
    return own if own is not None else ruling.outcome.infringement


def is_ip_office_decision(ruling: Ruling) -> bool:
    """An IP office's administrative ruling or decision (acted on at once)."""
    return ruling.document_type in IP_OFFICE_TYPES


def is_court_judgment(ruling: Ruling) -> bool:
    return ruling.document_type == "judgment" and ruling.authority.kind != "ip_office"


def describe(ruling: Ruling) -> str:
    """The decision in words: 最高人民法院（2099）最高法知民终1号民事判决."""
    authority = ruling.authority.name or "（机关不详）"
    number = ruling.case_number or "（案号不详）"
    return f"{authority}{number}{DOCUMENT_LABELS.get(ruling.document_type, '文书')}"


def finding(ruling: Ruling, product: int) -> Finding:
    """Whether the finding on `product` can be acted on (clause 六), and why, condition by condition."""
    name = ruling.products[product].name if 0 <= product < len(ruling.products) else f"产品{product}"
    source = describe(ruling)
    if is_linkage(ruling):
        return Finding(product, False, False, (
            f"{source}是药品专利链接案件（专利法第七十六条）的认定，不是侵权认定，"
            f"不据此采取措施，仅供风险研判（意见第（七）项）",
        ))
    reasons: list[str] = []
    infringes = product_infringes(ruling, product)
    if infringes is not True:
        reasons.append(f"{source}未认定{name}构成侵权")
        return Finding(product, False, False, tuple(reasons))
    reasons.append(f"{source}认定{name}构成侵权")
    if not has_stop_order(ruling):
        if upholds_earlier(ruling):
            earlier = "、".join(ruling.prior_case_numbers) or "原判决"
            reasons.append(f"本文书维持{earlier}，其是否判令停止侵权本文书未载明，不据此采取措施")
            return Finding(product, False, False, tuple(reasons),
                           check=f"请核实{earlier}是否判令停止制造、销售；如是，该判决已生效，应据以处理")
        reasons.append("未责令停止制造、销售等侵权行为（仅判赔偿或未支持停止侵权）")
        return Finding(product, False, False, tuple(reasons))
    reasons.append(f"并{stop_words(ruling)}")
    if is_ip_office_decision(ruling):
        reasons.append("系知识产权管理部门的行政裁决，即可执行（行政诉讼不停止执行，行政诉讼法第五十六条）")
        return Finding(product, True, False, tuple(reasons))
    if is_court_judgment(ruling):
        if ruling.effective is True:
            reasons.append("系人民法院的生效判决")
            return Finding(product, True, False, tuple(reasons))
        reasons.append("判决尚未生效（或无法确认已生效），待取得生效证明或上诉结果")
        return Finding(product, False, True, tuple(reasons))
    reasons.append(f"{DOCUMENT_LABELS.get(ruling.document_type, '文书')}不是行政裁决或人民法院判决")
    return Finding(product, False, False, tuple(reasons))


def estimated_effective_date(ruling: Ruling) -> str | None:
    """The earliest possible end of the appeal period: decision date + period (an estimate:
    the period runs from 送达, which is not printed). None when the decision date is unknown."""
    if not ruling.decision_date:
        return None
    try:
        decided = dt.date.fromisoformat(ruling.decision_date)
    except ValueError:
        return None
    days = ruling.appeal_period_days or DEFAULT_APPEAL_DAYS
    return (decided + dt.timedelta(days=days)).isoformat()


def _actions_for_status(item: CatalogueItem) -> list[str]:
    """The drastic actions an actionable finding calls for, by 挂网状态 and 中选状态."""
    actions: list[str] = []
    if item.selected:
        actions.append(CANCEL_SELECTION)
    if item.status == "申报中":
        actions.append(REFUSE_LISTING)
    elif item.status in ("已挂网", "暂停挂网"):
        actions.append(DELIST)
    return actions


STATUS_CLAUSE = {
    REFUSE_LISTING: "对正在申报平台挂网的涉事产品，不予挂网",
    DELIST: "对已在平台挂网的涉事产品，及时撤网",
    CANCEL_SELECTION: "对已在集中带量采购中选的涉事产品，取消中选资格",
}


def _reverses(ruling: Ruling, product: int, prior: PriorAction) -> bool:
    """A later effective decision that removes the finding `prior` was based on."""
    cited = set(ruling.prior_case_numbers)
    if prior.case_number not in cited or prior.action not in DRASTIC_ACTIONS:
        return False
    effective = is_ip_office_decision(ruling) or (is_court_judgment(ruling) and ruling.effective is True)
    if not effective or is_linkage(ruling):
        return False
    infringes = product_infringes(ruling, product)
    return infringes is False or (infringes is True and not has_stop_order(ruling))


def _upheld_watch(ruling: Ruling, match: Match, prior: Iterable[PriorAction]) -> PriorAction | None:
    """The earlier judgment, watched here (infringement with a stop order, not yet effective),
    that this effective court judgment upholds in full (驳回上诉，维持原判) — or None."""
    if not (is_court_judgment(ruling) and ruling.effective is True and "撤销原判" not in ruling.outcome.orders):
        return None
    if ruling.outcome.disposition != "appeal_dismissed" and "维持原判" not in ruling.outcome.orders:
        return None
    key = (match.item.province, match.item.catalogue_id)
    cited = set(ruling.prior_case_numbers)
    return next((p for p in prior if p.action == WATCH and (p.province, p.catalogue_id) == key
                 and p.case_number in cited), None)


def decide_item(ruling: Ruling, match: Match, prior: Iterable[PriorAction] = ()) -> list[Action]:
    """The actions for one auto-matched catalogue item (at least one; `none` when nothing
    applies, or when a precision guard holds the item for a person: `holds` says why)."""
    item = match.item
    found = finding(ruling, match.product)
    because = "；".join(found.reasons)
    upheld = _upheld_watch(ruling, match, prior) if found.check else None
    if upheld:
        because = (f"{because.split('，其是否判令停止侵权')[0]}；此前已跟踪的{upheld.case_number}判令停止侵权，"
                   "本判决维持原判后已生效")
    if found.actionable or upheld or found.watch:
        hold = _guard_hold(ruling, match, found, upheld)
        if hold:
            verdict = "不采取措施" if hold.guard == Guard.RIGHTS_HOLDER_ITEM else "暂不采取措施，转人工复核"
            return [Action(match.product, item, NONE, f"{because}；但{hold.why}（{GUARD_LABELS[hold.guard]}），{verdict}",
                           guard=hold.guard)]
        imported_by = importer(ruling, match)
        if imported_by:
            because += f"；该产品由{imported_by.name}进口，其已被责令停止进口"
    if found.actionable or upheld:
        kinds = _actions_for_status(item)
        if not kinds:
            return [Action(match.product, item, NONE, f"{because}；但该产品已撤网，无需再采取措施")]
        return [
            Action(match.product, item, kind, f"{because}。依据{CLAUSE_6}：{STATUS_CLAUSE[kind]}")
            for kind in kinds
        ]
    if found.watch:
        date = estimated_effective_date(ruling)
        words = format_gbt9704_date(dt.date.fromisoformat(date)) if date else None
        when = (f"预计最早于{words}届满上诉期（估算：裁判日期加上诉期，实际自送达起算）" if words
                else "上诉期届满日无法估算（裁判日期不详）")
        return [Action(
            match.product, item, WATCH,
            f"{because}；{when}，届时请向当事人或法院索取生效证明或上诉结果，暂不发出通知",
            estimated_date=date,
        )]
    reversed_actions = [
        p for p in prior
        if (p.province, p.catalogue_id) == (item.province, item.catalogue_id) and _reverses(ruling, match.product, p)
    ]
    if reversed_actions:
        earlier = "、".join(sorted({p.case_number for p in reversed_actions}))
        return [Action(
            match.product, item, RESTORE_LISTING,
            f"{because}；此前依据{earlier}采取的措施已失去依据，建议经办人核实后恢复挂网（{CLAUSE_6}）",
        )]
    return [Action(match.product, item, NONE, because)]


def decide(ruling: Ruling, matches: Sequence[Match], prior: Iterable[PriorAction] = ()) -> list[Action]:
    """The actions the policy requires for every auto-decided match, in match order.

    Matches under review or rejected get no action (the command lists reviews separately);
    items the precision guards stop get `none` with the reason and are listed by `holds`.
    """
    prior = tuple(prior)
    actions: list[Action] = []
    for match in matches:
        if match.decision == "auto":
            actions.extend(decide_item(ruling, match, prior))
    return actions


def holds(ruling: Ruling, matches: Sequence[Match], prior: Iterable[PriorAction] = ()) -> list[Hold]:
    """What a person must look at before anything is done: the ruling as a whole (a stop
    order that is not a finding, a finding whose product, party, authority or effectiveness
    was not read), then every auto-matched item a precision guard stopped. The rights
    holder's own items are not listed: they are never acted on, and their `none` says why."""
    prior = tuple(prior)
    found: list[Hold] = list(ruling_holds(ruling, matches))
    for match in matches:
        if match.decision != "auto":
            continue
        found_ = finding(ruling, match.product)
        upheld = _upheld_watch(ruling, match, prior) if found_.check else None
        hold = _guard_hold(ruling, match, found_, upheld)
        if hold and hold.guard != Guard.RIGHTS_HOLDER_ITEM:
            found.append(hold)
    return found


def _guard_hold(ruling: Ruling, match: Match, found: Finding, upheld: PriorAction | None) -> Hold | None:
    """The precision guard that stops this item, when its finding would lead to an action
    (drastic, or a watch); None when the finding leads to none or no guard stops it."""
    if not (found.actionable or found.watch or upheld):
        return None
    return item_hold(ruling, match)
