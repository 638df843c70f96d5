"""What each document says: the values its template needs, drawn from a ruling and its
actions (the four notices, the copy-to letter) or from an objection record (the two letters).

Pure functions: `plan_*` return `Plan`s, templates' variables minus the two that are only
known when the document is issued (its number and date); `generate.render` fills those in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.identifiers.cn_dates import format_gbt9704_date
from extract.model import Ruling
from generate.decisions import (
    DOCUMENT_LABELS,
    describe,
    finding,
    has_stop_order,
    is_ip_office_decision,
    is_linkage,
    product_infringes,
    stop_words,
)
from generate.model import (
    ACTION_LABELS,
    COPY_LETTER,
    DISPUTE_GUIDANCE,
    NOTICE_KINDS,
    OPINION_REQUEST,
    RESTORATION_NOTICE,
    Action,
    Objection,
    PriorAction,
)
from generate.settings import OfficeMissing, Settings
from matching.model import CatalogueItem

# 标题 of each kind (contract §4 "The documents"), filled with the plan's values.
TITLES = {
    "delisting_notice": "关于撤销{enterprise}{products_short}挂网资格的通知",
    "selection_cancellation_notice": "关于取消{enterprise}{products_short}中选资格的通知",
    "listing_refusal_notice": "关于{enterprise}{products_short}不予挂网的通知",
    "restoration_notice": "关于恢复{enterprise}{products_short}挂网资格的通知",
    "copy_letter": "关于{case_parties}{dispute_words}案件办理结果的函",
    "dispute_guidance": "关于{product_name}专利纠纷处理途径的告知书",
    "opinion_request": "关于商请出具{product_name}专利侵权咨询（侵权判定）意见的函",
}

# A 2号 title line holds about 20 characters of the 156 mm 版心 (22 pt ≈ 7.8 mm a character).
TITLE_LINE_CHARS = 20
# Where a long title may break, best first: after the enterprise (…有限公司), before the
# document's 文种 phrase (的通知 / 的函 / 的告知书), before 专利.
TITLE_BREAKS = re.compile(r"(?<=公司)|(?=的(?:通知|函|告知书)$)|(?=专利)|(?=挂网)|(?=中选)|(?=不予)")

# Punctuation that never begins a line (避头点): 、，。；：）》”
NO_LINE_START = set("、，。；：）》”！？")


def title_lines(title: str, width: int = TITLE_LINE_CHARS) -> list[str]:
    """A long title cut into balanced lines at natural places (GB/T 9704: 梯形 or 菱形),
    never inside a word such as 告知书 and never before a mark such as 、; one line when it fits."""
    if len(title) <= width:
        return [title]
    cuts = sorted({_past_marks(title, m.start()) for m in TITLE_BREAKS.finditer(title)} - {0, len(title)})
    fitting = [c for c in cuts if c <= width and len(title) - c <= width]
    if fitting:
        best = min(fitting, key=lambda c: abs(len(title) - 2 * c))
        return [title[:best], title[best:]]
    head = max((c for c in cuts if c <= width), default=0)
    if head == 0:  # no natural place within a line: cut at the width, marks kept at the line's end
        head = width
        while head > 1 and title[head] in NO_LINE_START:
            head -= 1
    return [title[:head], *title_lines(title[head:], width)]


def _past_marks(title: str, cut: int) -> int:
    """`cut` moved past the marks that may not begin a line (公司|、成都 → 公司、|成都)."""
    while cut < len(title) and title[cut] in NO_LINE_START:
        cut += 1
    return cut


PATENT_KINDS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}


@dataclass(frozen=True)
class Plan:
    """One document to issue: its kind, the 机关代字 its number is drawn from, its variables."""

    kind: str
    prefix: str  # 机关代字: numbers are allocated per prefix per year
    values: dict[str, object]  # template variables except `number` and `date`
    enterprise: str = ""  # for the file name
    catalogue_ids: tuple[str, ...] = field(default=())


def _join(names: Iterable[str], sep: str = "、") -> str:
    return sep.join(dict.fromkeys(n for n in names if n))


def _short(names: Sequence[str]) -> str:
    """`艾地骨化醇软胶囊` or `甲、乙等产品` for a title."""
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else f"{unique[0]}等{len(unique)}个产品"


def enterprise_of(item: CatalogueItem) -> str:
    """The enterprise a notice goes to: the holder, else the manufacturer of the listed item."""
    return item.holder or item.manufacturer or "相关企业"


def _patents(ruling: Ruling) -> str:
    """`专利号为ZL201911937865.X的发明` (the words before 专利权)."""
    if not ruling.patents:
        return "涉案"
    numbers = _join(p.number for p in ruling.patents)
    kinds = {PATENT_KINDS.get(p.kind or "", "") for p in ruling.patents}
    kind = kinds.pop() if len(kinds) == 1 else ""
    return f"专利号为{numbers}的{kind}"


def _side(ruling: Ruling, side: str, roles: tuple[str, ...]) -> str:
    names = [p.name for p in ruling.parties if p.side == side] or [p.name for p in ruling.parties if p.role in roles]
    return _join(names) or ("权利人" if side == "rights_holder" else "被请求人")


def _product_label(name: str, specification: str | None) -> str:
    return f"{name}（{specification}）" if specification else name


def product_rows(actions: Sequence[Action]) -> list[dict[str, str]]:
    """One row per catalogue item, its measures joined (`取消中选资格、撤网`)."""
    measures: dict[tuple[str, str], list[str]] = {}
    items: dict[tuple[str, str], CatalogueItem] = {}
    for action in actions:
        key = (action.item.province, action.item.catalogue_id)
        items.setdefault(key, action.item)
        measures.setdefault(key, []).append(ACTION_LABELS[action.action])
    return [product_row(items[key], _join(labels)) for key, labels in measures.items()]


def product_row(item: CatalogueItem, measure: str) -> dict[str, str]:
    """One row of 附件：涉事产品清单."""
    status = item.status + ("（中选）" if item.selected else "")
    return {
        "code": item.catalogue_id, "name": item.name, "specification": item.specification or "—",
        "manufacturer": item.manufacturer or item.holder or "—",
        "approval": _join(item.approval_numbers) or "—", "status": status, "measure": measure,
    }


def _titled(kind: str, values: dict[str, object]) -> dict[str, object]:
    return {**values, "title": TITLES[kind].format(**values)}


def _common(office_mark: str, addressee: str, signer: str, cc: Sequence[str], printer: str,
            settings: Settings, rows: list[dict[str, str]]) -> dict[str, object]:
    return {"office_mark": office_mark, "addressee": addressee, "signer": signer, "cc": _join(cc, "，"),
            "printer": printer, "policy": settings.policy, "products": rows}


def missing_offices(ruling: Ruling, actions: Sequence[Action], settings: Settings) -> list[str]:
    """What settings.toml must name before the documents of this ruling can be drafted: one
    message per missing office (the procurement agency of each province a notice goes to; the
    IP office of an IP-office ruling's copy-to letter). Empty when everything is there."""
    missing = []
    for province in sorted({a.item.province for a in actions if a.notice_kind}):
        try:
            settings.procurement_for(province)
        except OfficeMissing as err:
            missing.extend(err.missing)
    if is_ip_office_decision(ruling):
        try:
            settings.ip_office_for(ruling.authority.name or "")
        except OfficeMissing as err:
            missing.extend(err.missing)
    return missing


def plan_notices(ruling: Ruling, actions: Sequence[Action], settings: Settings,
                 prior: Iterable[PriorAction] = ()) -> list[Plan]:
    """One notice per (kind, province, enterprise) for the actions that call for one."""
    groups: dict[tuple[str, str, str], list[Action]] = {}
    for action in actions:
        if action.notice_kind:
            key = (action.notice_kind, action.item.province, enterprise_of(action.item))
            groups.setdefault(key, []).append(action)
    prior = tuple(prior)
    plans = []
    for kind in NOTICE_KINDS:
        for (group_kind, province, enterprise), group in groups.items():
            if group_kind == kind:
                plans.append(_notice(kind, province, enterprise, group, ruling, settings, prior))
    return plans


def _notice(kind: str, province: str, enterprise: str, group: list[Action], ruling: Ruling,
            settings: Settings, prior: tuple[PriorAction, ...]) -> Plan:
    office = settings.procurement_for(province)
    items = [a.item for a in group]
    products = [ruling.products[a.product] for a in group if 0 <= a.product < len(ruling.products)]
    rows = product_rows(group)
    values = _common(office.mark, enterprise, office.name, office.copy_to, office.printer, settings, rows)
    ids = {(i.province, i.catalogue_id) for i in items}
    earlier = [p for p in prior if (p.province, p.catalogue_id) in ids]
    infringes = [product_infringes(ruling, a.product) for a in group]
    values.update({
        "enterprise": enterprise,
        "products_short": _short([i.name for i in items]),
        "product_names": _join(_product_label(p.name, p.specification) for p in products) or _join(i.name for i in items),
        "decision_words": describe(ruling),
        "rights_holder": _side(ruling, "rights_holder", ("plaintiff", "requester", "appellee")),
        "patents": _patents(ruling),
        "stop_words": stop_words(ruling),
        "platform": f"{province}医药集中采购平台",
        "objection_days": settings.objection_days,
        "batches": _join(i.batch or "" for i in items) or "集中带量采购",
        "prior_cases": _join(p.case_number for p in earlier) or "此前的裁决、判决",
        "prior_measures": _join(ACTION_LABELS[p.action] for p in earlier) or "撤网",
        "reversal_words": ("已认定相关产品不构成侵权" if any(f is False for f in infringes)
                           else "已不再责令停止相关侵权行为" if kind == RESTORATION_NOTICE else ""),
    })
    return Plan(kind, office.notice_prefix, _titled(kind, values), enterprise, tuple(i.catalogue_id for i in items))


def plan_copy_letter(ruling: Ruling, actions: Sequence[Action], settings: Settings) -> Plan | None:
    """The IP office's copy-to letter (clause 六), for every IP-office ruling whatever its outcome."""
    if not is_ip_office_decision(ruling):
        return None
    office = settings.ip_office_for(ruling.authority.name or "")
    requester = _side(ruling, "rights_holder", ("requester",))
    respondent = _side(ruling, "accused", ("respondent",))
    by_product: dict[int, list[Action]] = {}
    for action in actions:
        by_product.setdefault(action.product, []).append(action)
    rows, actionable = [], []
    for index, product in enumerate(ruling.products):
        found = finding(ruling, index)
        if found.actionable:
            actionable.append(index)
        matched = by_product.get(index, [])
        if matched:
            rows.extend(product_rows(matched))
        else:
            rows.append({"code": _join(product.codes) or "—", "name": product.name,
                         "specification": product.specification or "—",
                         "manufacturer": product.manufacturer or product.party or respondent,
                         "approval": _join(product.approval_numbers) or "—", "status": "未核验",
                         "measure": "依法处理" if found.actionable else "无需处理"})
    values = _common(office.name, office.healthcare_security, office.name, office.copy_to, office.name, settings, rows)
    label = DOCUMENT_LABELS.get(ruling.document_type, "文书")
    values.update({
        "case_parties": f"{requester}与{respondent}",
        # A linkage ruling (专利法第七十六条) finds whether a generic falls within a patent's scope,
        # never infringement: its letter's title must not speak of an infringement dispute.
        "dispute_words": "药品专利纠纷" if is_linkage(ruling) else "专利侵权纠纷",
        "decision_date": _iso_to_words(ruling.decision_date) or "近日",
        "case_description": f"请求人{requester}与被请求人{respondent}{ruling.cause or '专利侵权纠纷'}一案",
        "case_number": ruling.case_number or "",
        "document_label": label if label.endswith("书") else f"{label}书",
        "result_words": _result_words(ruling, respondent),
        "followup": ("涉事产品清单见附件，请指导医药集中采购机构对正在申报平台挂网的涉事产品不予挂网，对已在平台挂网"
                     "或已在集中带量采购中选的涉事产品及时采取撤网、取消中选资格等措施。") if actionable
        else "本案不涉及需要采取挂网措施的产品，供你局知悉。",
    })
    return Plan(COPY_LETTER, office.letter_prefix, _titled(COPY_LETTER, values), respondent,
                tuple(a.item.catalogue_id for a in actions))


def _result_words(ruling: Ruling, respondent: str) -> str:
    """The outcome in one paragraph, product by product."""
    if is_linkage(ruling):
        return ("本案为药品专利纠纷早期解决机制案件（专利法第七十六条），" + (ruling.outcome.operative_text or "")
                + "该认定不属于侵权认定。")
    infringing = [_product_label(p.name, p.specification) for i, p in enumerate(ruling.products)
                  if product_infringes(ruling, i) is True]
    cleared = [_product_label(p.name, p.specification) for i, p in enumerate(ruling.products)
               if product_infringes(ruling, i) is False]
    sentences = []
    if infringing:
        sentence = f"认定被请求人{respondent}的{_join(infringing)}侵害请求人享有的{_patents(ruling)}专利权"
        if has_stop_order(ruling):
            sentence += f"，{stop_words(ruling)}"
        else:
            sentence += "，但未责令停止侵权行为"
        sentences.append(sentence)
    if cleared:
        sentences.append(f"认定{_join(cleared)}不构成侵权")
    if not sentences:
        sentences.append("未对是否构成侵权作出认定")
    return "；".join(sentences) + "。"


def _iso_to_words(iso: str | None) -> str | None:
    """`2099-03-05` → `2099年3月5日` (GB/T 9704 style); None when absent or not a date."""
    if not iso:
        return None
    try:
        return format_gbt9704_date(dt.date.fromisoformat(iso))
    except ValueError:
        return None


def plan_objection_letter(kind: str, objection: Objection, item: CatalogueItem | None, settings: Settings) -> Plan:
    """The dispute guidance (clause 五) or the opinion request (clause 四) for an objection."""
    if kind not in (DISPUTE_GUIDANCE, OPINION_REQUEST):
        raise ValueError(f"not a letter drafted from an objection: {kind}")
    office = settings.procurement_for(objection.province)
    name = (item.name if item else None) or objection.product_name or "涉事产品"
    enterprise = (enterprise_of(item) if item else None) or objection.enterprise or "相关企业"
    listed = item or CatalogueItem(objection.province, objection.catalogue_id, name, manufacturer=enterprise,
                                   status="未核验")
    measure = "告知处理途径" if kind == DISPUTE_GUIDANCE else "征求意见"
    addressee = f"{objection.objector}、{enterprise}" if kind == DISPUTE_GUIDANCE else office.ip_office
    values = _common(office.name, addressee, office.name, office.copy_to, office.printer, settings,
                     [product_row(listed, measure)])
    values.update({
        "product_name": name, "received": _iso_to_words(objection.received) or objection.received,
        "objector": objection.objector, "enterprise": enterprise, "platform": f"{objection.province}医药集中采购平台",
        "catalogue_id": objection.catalogue_id, "patent": objection.patent and f"专利号为{objection.patent}的" or "相关",
        "reply_deadline": _iso_to_words(objection.reply_deadline) or "规定期限",
        "reply_deadline_on": objection.reply_deadline,  # ISO: checked against the date of issue
    })
    return Plan(kind, office.letter_prefix, _titled(kind, values), enterprise, (objection.catalogue_id,))

