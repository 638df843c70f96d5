"""What was decided, and whether it is final: orders, damages, disposition, effectiveness,
the appeal period and the decision date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.header import is_linkage_cause
from extract.identifiers.cn_dates import find_cn_dates
from extract.identifiers.money import parse_cny
from extract.segments import Segments, Span
from extract.stop_orders import find_stop_orders

# "赔偿…经济损失…1,500,000元" / "赔偿…经济损失及合理开支共计人民币150万元"
DAMAGES = re.compile(
    r"(?:赔偿|支付)[^。；;]{0,60}?(?:经济损失|损失)(?:赔偿款|赔偿金)?(?P<rest>[^。；;]{0,60}?)"
    r"(?P<amount>(?:人民币)?\s*[0-9０-９][0-9０-９,，.．]*\s*(?:万|亿)?元|(?:人民币)?[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+元)"
)
# "赔偿…为制止侵权行为所支付的合理开支123000元"
PAY_EXPENSES = re.compile(r"(?:支付|赔偿)[^。；;]{0,40}?合理(?:开支|费用)")
# "销毁库存侵权产品及专用模具"
DESTROY = re.compile(r"销毁")

# Dispositions, checked in this order on the operative text.
# "准许原告…撤诉", "准予请求人…撤回…处理请求"
# "本案按原告甲公司撤回起诉处理", "按撤诉处理", "按自动撤回上诉处理"
WITHDRAWN = re.compile(r"准许[^。]{0,40}撤回|准予[^。]{0,40}撤回|按[^。]{0,40}撤(?:回|诉)[^。]{0,10}处理|准许[^。]{0,20}撤诉|撤回[^。]{0,20}请求")
# "本案发回北京知识产权法院重审"
REMANDED = re.compile(r"发回[^。]{0,40}重审")
# "驳回上诉，维持原判", "驳回上诉，维持原裁定"
APPEAL_DISMISSED = re.compile(r"驳回上诉[，,]\s*维持原(?:判|裁定|审判决)")
# "驳回安徽皖和堂药业有限公司的再审申请"
RETRIAL_DISMISSED = re.compile(r"驳回[^。]{0,40}再审申请")
# "驳回原告…的全部诉讼请求", "驳回请求人的请求"
CLAIMS_REJECTED = re.compile(r"驳回[^。]{0,60}(?:全部)?(?:诉讼请求|请求|上诉请求)")
# "撤销…（2098）京73民初1号民事判决" (the whole judgment, no 第…项)
REVERSED_ALL = re.compile(r"撤销[^。]{0,60}(?:判决|裁决|决定)(?![^。]{0,6}第)")
# "撤销…民事判决第二项", "变更…第二项", "维持…第一项"
REVERSED_PART = re.compile(r"撤销[^。]{0,60}(?:判决|裁决)第[一二三四五六七八九十]+项|变更[^。]{0,60}第[一二三四五六七八九十]+项|维持[^。]{0,60}第[一二三四五六七八九十]+项")
# An operative item that rejects: "二、驳回原告…要求被告停止侵权、销毁库存产品…的诉讼请求"
REJECTION_START = re.compile(r"\s*(?:[一二三四五六七八九十]+、|\d+[.、．])?\s*驳回")
# The order that rejects (the rest of) the claims: "驳回原告…的其他诉讼请求", "驳回请求人的请求"
REJECTION_ORDER = re.compile(r"驳回上诉|驳回[^。；]{0,60}?(?:再审申请|诉讼请求|请求)")
# What an appellate court does with the judgment below: "维持…判决第一项", "撤销…判决"
UPHOLD_ORDER = re.compile(r"维持原判|维持[^。；]{0,60}?(?:判决|裁决|裁定)")
# "撤销北京知识产权法院（2098）京73民初2291号民事判决第二项"
SET_ASIDE_ORDER = re.compile(r"撤销[^。；]{0,60}?(?:判决|裁决|裁定|决定)")
# "经调解，双方当事人自愿达成如下协议"
MEDIATION = re.compile(r"调解协议|自愿达成")
# Linkage rulings: "落入…保护范围" / "不落入…保护范围" / "未落入"
NOT_WITHIN = re.compile(r"(?:不|未|没有)落入[^。]{0,160}保护范围")
WITHIN = re.compile(r"落入[^。]{0,160}保护范围")
# Office findings of infringement: "责令被请求人立即停止…", "构成侵权"
ORDERED_TO_STOP = re.compile(r"责令[^。]{0,40}停止")
# An interim order, not a finding: "申请人…提出行为保全申请", "诉前禁令", "责令停止侵害专利权的诉前措施"
INTERIM = re.compile(r"行为保全|诉前禁令|诉中禁令|诉前(?:停止|责令)|(?:诉讼中|诉前)?(?:禁令|保全)申请|申请[^。]{0,20}保全")
# "被诉侵权产品不构成侵权", "侵权行为不成立"
NO_INFRINGEMENT = re.compile(r"不构成侵[权害]|侵权(?:行为)?不成立|未构成侵[权害]")

# Effectiveness: "本判决为终审判决。", "如不服本判决，可以在判决书送达之日起十五日内…上诉",
# "可以自收到本裁决书之日起十五日内…提起行政诉讼".
FINAL = re.compile(r"本(?:判决|裁定|调解书)为终审|(?:本(?:判决|裁定|裁决|决定|调解书))?已(?:经)?发生法律效力|双方当事人签收后即具有法律效力|即具有法律效力")
APPEAL_PERIOD = re.compile(
    r"(?:不服|异议)[^。]{0,160}?(?:之日起|后)(?P<days>[一二三四五六七八九十0-9０-９]+)日内[^。]{0,80}?(?:上诉|起诉|提起行政诉讼|行政复议)"
)
# Periods printed in Chinese numerals: "十五日内" → 15
CN_SMALL = {"十五": 15, "三十": 30, "十": 10, "六十": 60, "十四": 14, "七": 7, "二十": 20, "六": 6}


@dataclass(frozen=True)
class FoundOutcome:
    infringement: bool | None
    disposition: str | None
    orders: tuple[str, ...]
    damages_cny: float | None
    damages_span: Span | None
    operative_text: str | None
    operative_span: Span | None
    effective: bool | None
    effective_span: Span | None
    appeal_period_days: int | None
    decision_date: str | None
    decision_date_span: Span | None
    stop_spans: tuple[Span, ...]  # where the stop orders stand
    upheld_orders: tuple[str, ...] = ()
    upheld_span: Span | None = None
    warnings: tuple[str, ...] = ()


def read_outcome(text: str, seg: Segments, document_type: str, procedure: str | None, cause: str | None) -> FoundOutcome:
    """Read the operative part and the tail."""
    warnings: list[str] = []
    operative = seg.operative
    op_text = text[operative[0] : operative[1]].strip() if operative else ""
    op_text = op_text or None

    orders: list[str] = []
    stop_spans: list[Span] = []
    damages = None
    damages_span = None
    if operative and op_text:
        rejected_items = [(s, e) for s, e in _items(text, operative) if REJECTION_START.match(text, s)]

        def in_rejection(position: int) -> bool:
            return any(s <= position < e for s, e in rejected_items)

        for stop in find_stop_orders(text, operative[0], operative[1]):
            if in_rejection(stop.span[0]):
                continue  # "驳回…要求停止制造…的诉讼请求" orders nothing
            stop_spans.append(stop.span)
            orders.extend(o for o in stop.orders if o not in orders)
        for m in DAMAGES.finditer(text, operative[0], operative[1]):
            if in_rejection(m.start()):
                continue
            amount = parse_cny(m.group("amount"))
            if amount is not None:
                damages = (damages or 0.0) + amount
                damages_span = damages_span or (m.start("amount"), m.end("amount"))
                if "赔偿经济损失" not in orders:
                    orders.append("赔偿经济损失")
        if "赔偿经济损失" not in orders and PAY_EXPENSES.search(op_text):
            orders.append("赔偿经济损失")
        if any(not in_rejection(m.start() + operative[0]) for m in DESTROY.finditer(text[operative[0] : operative[1]])):
            orders.append("销毁")
        orders = _appellate_orders(op_text) + orders
        if WITHDRAWN.search(op_text):
            orders.append("准许撤诉" if "撤诉" in op_text or "撤回起诉" in op_text else "准予撤回")
        if REMANDED.search(op_text):
            orders.append("发回重审")
        for rejection in REJECTION_ORDER.finditer(op_text):
            order = _rejection_order(rejection.group(0), court=document_type in ("judgment", "ruling", "mediation"))
            if order not in orders:
                orders.append(order)

    disposition, infringement = _disposition(text, seg, op_text or "", document_type, procedure, cause, bool(stop_spans), damages)
    if document_type == "ruling" and stop_spans and disposition == "other":
        warnings.append("本裁定责令停止的是临时措施（行为保全、诉前禁令），不是侵权认定，请关注后续判决。")

    scope = text[seg.operative_heading[0] if seg.operative_heading else seg.tail[0] :]
    scope_offset = seg.operative_heading[0] if seg.operative_heading else seg.tail[0]
    effective = None
    effective_span = None
    period = None
    m_final = FINAL.search(scope)
    m_period = APPEAL_PERIOD.search(scope)
    if m_final:
        effective, effective_span = True, (scope_offset + m_final.start(), scope_offset + m_final.end())
    elif m_period:
        effective = False
        effective_span = (scope_offset + m_period.start(), scope_offset + m_period.end())
        period = _days(m_period.group("days"))
    elif procedure == "second_instance" and document_type in ("judgment", "ruling"):
        effective = True  # a second-instance judgment or ruling is final on its face
        effective_span = seg.title
    elif procedure == "retrial" and document_type == "ruling" and disposition != "remanded":
        effective = True
        effective_span = seg.title
    elif document_type != "other":
        warnings.append("未能判断文书是否已生效（未见终审字样或上诉期限），请核对生效证明。")

    decision_date, decision_span, date_doubt = _decision_date(text, seg)
    if date_doubt and document_type != "other":
        warnings.append(date_doubt)

    upheld_orders, upheld_span = _upheld_orders(text, seg, op_text or "", disposition)

    return FoundOutcome(
        upheld_orders=upheld_orders,
        upheld_span=upheld_span,
        infringement=infringement,
        disposition=disposition,
        orders=tuple(orders),
        damages_cny=damages,
        damages_span=damages_span,
        operative_text=op_text,
        operative_span=operative,
        effective=effective,
        effective_span=effective_span,
        appeal_period_days=period if effective is False else None,
        decision_date=decision_date,
        decision_date_span=decision_span,
        stop_spans=tuple(stop_spans),
        warnings=tuple(warnings),
    )


# Words that sign a ruling, before its date in a run-together text: "审判长 张某 … 二〇九九年三月五日",
# "合议组组长 …", "国家知识产权局 二〇九九年…", "本件与原本核对无异"
SIGNER = re.compile(r"审\s*判\s*[长员]|人民陪审员|合\s*议\s*组|主审员|(?:人民法院|知识产权局|市场监督管理局)\s*$|核对无异")


# A date the document labels as its own: "裁决日 | 二〇九九年八月十九日" in an office's header
# table, "裁判日期：2015-03-05" is not a Chinese date and is left alone.
DATE_LABEL = re.compile(r"(?:裁决日|裁判日|决定日|判决日|作出日)(?:期)?\s*[：:\t|]?\s*")


def _decision_date(text: str, seg: Segments) -> tuple[str | None, Span | None, str | None]:
    """(ISO date, span, doubt) of the date signed at the end, in this order of trust: the
    last date in the signature block; a date the document labels as its own (裁决日); the
    last paragraph that is a date and nothing else
    ("二〇九九年三月五日"); the last date right after the signers in a run-together text.
    Never a date merely near the end of the text (a law's amendment date, a patent's grant
    date): with none of these, None and a doubt for the clerk."""
    tail = text[seg.tail[0] : seg.tail[1]]
    dates = find_cn_dates(tail)
    if dates and (seg.operative is not None or len(tail) >= 20):
        chosen = dates[-1]
        return chosen.value, (seg.tail[0] + chosen.start, seg.tail[0] + chosen.end), None
    for label in DATE_LABEL.finditer(text):
        found = find_cn_dates(text[label.end() : label.end() + 20])
        if found and found[0].start <= 3:
            start = label.end() + found[0].start
            return found[0].value, (start, start + len(found[0].raw)), None
    for start, end in reversed(seg.paragraphs):
        line = text[start:end]
        found = find_cn_dates(line)
        if len(found) == 1 and not line.replace(found[0].raw, "").strip():
            return found[0].value, (start + found[0].start, start + found[0].end), None
    after = seg.operative[0] if seg.operative else seg.body[0]  # a compacted page signs inside it
    signed = [d for d in find_cn_dates(text[after:]) if SIGNER.search(text[max(after, after + d.start - 60) : after + d.start])]
    if signed:
        chosen = signed[-1]
        return chosen.value, (after + chosen.start, after + chosen.end), None
    return None, None, "未找到落款日期（文末未见签署日期），请人工填写。"


def _items(text: str, operative: Span) -> list[Span]:
    """The numbered items of the operative part (lines, or sentences ending in ；/。)."""
    items, start = [], operative[0]
    for i in range(operative[0], operative[1]):
        if text[i] in "\n；;":
            items.append((start, i))
            start = i + 1
    items.append((start, operative[1]))
    return [(s, e) for s, e in items if e > s]


def _rejection_order(words: str, court: bool) -> str:
    """驳回上诉 / 驳回再审申请; a court rejects 诉讼请求 (also a 反诉请求), an office 请求."""
    if words.startswith("驳回上诉"):
        return "驳回上诉"
    if "再审申请" in words:
        return "驳回再审申请"
    return "驳回诉讼请求" if court else "驳回请求"


def _appellate_orders(op_text: str) -> list[str]:
    """维持原判 / 撤销原判 as orders of an appeal or retrial judgment."""
    orders: list[str] = []
    if REMANDED.search(op_text):
        return ["撤销原判"] if SET_ASIDE_ORDER.search(op_text) else orders
    if UPHOLD_ORDER.search(op_text):
        orders.append("维持原判")
    if SET_ASIDE_ORDER.search(op_text):
        orders.append("撤销原判")
    return orders


def _days(raw: str) -> int | None:
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if raw.isdigit():
        return int(raw)
    return CN_SMALL.get(raw)


def _disposition(
    text: str,
    seg: Segments,
    op: str,
    document_type: str,
    procedure: str | None,
    cause: str | None,
    has_stop: bool,
    damages: float | None,
) -> tuple[str | None, bool | None]:
    """(disposition, infringement) from the operative text and, for appeals, the history."""
    if document_type == "other":
        return None, None
    if not op:
        return None, None
    if WITHDRAWN.search(op):
        return "withdrawn", None
    if REMANDED.search(op):
        return "remanded", None
    if MEDIATION.search(op) or document_type == "mediation":
        return "settled", None
    if document_type == "ruling" and INTERIM.search(text[: seg.operative[0] if seg.operative else len(text)]):
        return "other", None  # 行为保全 / 诉前禁令: a stop pending trial finds nothing
    linkage = is_linkage_cause(cause) or "第七十六条" in text[: seg.tail[0]]
    if linkage and document_type in ("administrative_ruling", "administrative_decision"):
        if NOT_WITHIN.search(op):
            return "no_infringement", False
        if WITHIN.search(op):
            return "infringement_found", True
    if RETRIAL_DISMISSED.search(op):
        return "appeal_dismissed", _earlier_finding(text, seg)
    if APPEAL_DISMISSED.search(op):
        if "原裁定" in op or document_type == "ruling":
            return "appeal_dismissed", None  # an upheld procedural ruling (管辖) decides no infringement
        return "appeal_dismissed", _earlier_finding(text, seg)
    finds = has_stop or damages is not None or bool(ORDERED_TO_STOP.search(op))
    if REVERSED_PART.search(op):
        return "partially_reversed", True if finds else _earlier_finding(text, seg)
    if REVERSED_ALL.search(op):
        return "reversed", True if finds else (False if CLAIMS_REJECTED.search(op) else None)
    if finds:
        return "infringement_found", True
    if CLAIMS_REJECTED.search(op) or NO_INFRINGEMENT.search(op):
        return "no_infringement", False
    return "other", None


# The earlier decision's orders quoted in the history: "一审法院判决：一、…；二、…。"
QUOTED_ORDERS = re.compile(r"(?:判决|裁决|决定)(?:如下)?[：:]\s*(?P<orders>一、[^\n]*?)(?=。(?:[^一二三四五六七八九十]|$)|\n|$)")
ITEM = re.compile(r"([一二三四五六七八九十]+)、")
CN_ORDINAL = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def _upheld_orders(text: str, seg: Segments, op: str, disposition: str | None) -> tuple[tuple[str, ...], Span | None]:
    """Stop orders of the quoted earlier decision that this one keeps: all of them for
    维持原判 / 驳回再审申请, the named items for "维持…判决第一项"."""
    if disposition not in ("appeal_dismissed", "partially_reversed") and not UPHOLD_ORDER.search(op):
        return (), None
    kept_items = None  # None: every item
    partial = re.search(r"维持[^。；]{0,60}?第(?P<items>[一二三四五六七八九十、]+)项", op)
    if partial:
        kept_items = {CN_ORDINAL.get(c) for c in partial.group("items") if c in CN_ORDINAL}
    quotes = list(QUOTED_ORDERS.finditer(text, seg.body[0], seg.body[1]))
    for quote in reversed(quotes):  # the latest decision quoted is the one kept
        orders_text = quote.group("orders")
        items = ITEM.split(orders_text)[1:]  # [number, text, number, text, …]
        orders: list[str] = []
        for number, item in zip(items[::2], items[1::2], strict=False):
            if kept_items is not None and CN_ORDINAL.get(number[-1]) not in kept_items:
                continue
            for stop in find_stop_orders(item):
                orders.extend(o for o in stop.orders if o not in orders)
        if orders:
            return tuple(orders), (quote.start("orders"), quote.end("orders"))
    return (), None


def _earlier_finding(text: str, seg: Segments) -> bool | None:
    """Whether the decision being upheld found infringement: the quoted earlier orders."""
    body = text[seg.body[0] : seg.body[1]]
    quoted = re.search(r"(?:判决|裁决)[：:]\s*(?:一、)?(?P<orders>[^\n]{0,400})", body)
    if quoted:
        orders = quoted.group("orders")
        if find_stop_orders(orders) or "赔偿" in orders or ORDERED_TO_STOP.search(orders):
            return True
        if CLAIMS_REJECTED.search(orders):
            return False
    if re.search(r"(?:构成侵权|落入[^。]{0,30}保护范围)", body) and not NOT_WITHIN.search(body):
        return True
    return None
