"""The title block and the case: document type, authority, case number, 案由, procedure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.identifiers.case_numbers import find_case_numbers, parse_case_number
from extract.segments import Segments, Span

# Document names, most specific first: "民事判决书", "行政裁决书", "专利侵权纠纷处理决定书".
DOCUMENT_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"处理决定书"), "administrative_decision"),
    (re.compile(r"行政裁决书|裁决书"), "administrative_ruling"),
    (re.compile(r"调解书"), "mediation"),
    (re.compile(r"判决书"), "judgment"),
    (re.compile(r"裁定书"), "ruling"),
)

# Courts: "最高人民法院", "北京知识产权法院", "江苏省南京市中级人民法院", "上海市浦东新区人民法院"
COURT_NAME = re.compile(r"[\u4e00-\u9fff]{0,20}?(?:人民法院|知识产权法院|知识产权法庭)")
# IP offices: "国家知识产权局", "江苏省知识产权局", "广州市市场监督管理局（知识产权局）"
OFFICE_NAME = re.compile(
    r"[\u4e00-\u9fff]{0,20}?(?:市场监督管理局(?:（[\u4e00-\u9fff]{0,12}知识产权局）)?|知识产权局|知识产权保护中心)"
)

# Any other issuing body, for documents that are not rulings: "江西省医疗保障局", "某某药业有限公司"
ISSUER_NAME = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:医疗保障局|局|委员会|办公室|中心|有限公司|公司)")

# 案由 as courts and offices print it: "侵害发明专利权纠纷", "确认是否落入专利权保护范围纠纷"
CAUSE = re.compile(
    r"侵害(?:发明|实用新型|外观设计)专利权(?:及[\u4e00-\u9fff]{2,12})?纠纷|确认是否落入专利权保护范围纠纷|"
    r"确认不侵害专利权纠纷|专利侵权纠纷|专利权权属纠纷|专利合同纠纷|侵害专利权纠纷"
)

# 案由 of a drug patent linkage case (专利法第七十六条): "确认是否落入专利权保护范围纠纷"
LINKAGE_CAUSE = re.compile(r"确认(?:是否)?落入专利权保护范围")


def is_linkage_cause(cause: str | None) -> bool:
    """Whether the 案由 is a drug patent linkage dispute (never a finding of infringement)."""
    return bool(cause and LINKAGE_CAUSE.search(cause))


# Type codes in court numbers → procedure: "（2099）最高法知民终1号" → 民终 → second_instance
PROCEDURE_OF_TYPE = (
    (re.compile(r"民再|行再"), "retrial"),
    (re.compile(r"民申|行申"), "retrial"),
    (re.compile(r"民终|行终|民辖终"), "second_instance"),
    (re.compile(r"民初|行初"), "first_instance"),
)


@dataclass(frozen=True)
class Header:
    document_type: str
    document_type_span: Span | None
    authority_name: str | None
    authority_kind: str | None
    authority_span: Span | None
    case_number: str | None
    case_number_span: Span | None
    prior_case_numbers: tuple[tuple[str, Span], ...]
    cause: str | None
    cause_span: Span | None
    procedure: str | None
    warnings: tuple[str, ...] = ()


def read_header(text: str, seg: Segments) -> Header:
    """Read the title block and the case facts that do not depend on the parties."""
    warnings: list[str] = []
    title_start, title_end = seg.title
    head = text[title_start:title_end]
    head_compact_map = [i for i, ch in enumerate(head) if not ch.isspace()]
    compact = "".join(head[i] for i in head_compact_map)

    document_type, type_span = "other", None
    for pattern, kind in DOCUMENT_TYPES:
        m = pattern.search(compact)
        if m:
            document_type = kind
            type_span = (title_start + head_compact_map[m.start()], title_start + head_compact_map[m.end() - 1] + 1)
            break

    authority_name = authority_kind = None
    authority_span = None
    for pattern, kind in ((COURT_NAME, "court"), (OFFICE_NAME, "ip_office")):
        m = pattern.search(compact)
        if m:
            name = re.sub(r"^中华人民共和国", "", m.group(0))
            offset = m.end() - len(name)
            authority_name, authority_kind = name, kind
            authority_span = (title_start + head_compact_map[offset], title_start + head_compact_map[m.end() - 1] + 1)
            break
    if authority_name is None and document_type != "other":
        m = OFFICE_NAME.search(text[seg.tail[0] :]) or COURT_NAME.search(text[seg.tail[0] :])
        if m:
            authority_name = m.group(0)
            authority_kind = "court" if m.re is COURT_NAME else "ip_office"
            authority_span = (seg.tail[0] + m.start(), seg.tail[0] + m.end())

    if document_type == "other":
        if authority_name is None:
            m = ISSUER_NAME.search(compact)
            if m:
                authority_name = m.group(0)
                authority_span = (title_start + head_compact_map[m.start()], title_start + head_compact_map[m.end() - 1] + 1)
        # A letter or notice has a document number, not a case number, and no 案由.
        return Header(document_type, type_span, authority_name, authority_kind, authority_span, None, None, (), None, None, None)

    numbers = find_case_numbers(text)
    own = next((f for f in numbers if f.start < title_end + 2), None)
    if own is None and document_type != "other":
        own = numbers[0] if numbers else None
        if own is None:
            warnings.append("未找到案号，请人工填写。")
    case_number = own.value if own else None
    case_span = (own.start, own.end) if own else None
    prior = []
    for f in numbers:
        if own is not None and (f is own or f.value == own.value):
            continue
        if not _is_decision_number(f.value, own.value if own else None):
            continue  # a notarial certificate (京长安内经证字) or an unrelated office document
        if any(v == f.value for v, _ in prior):
            continue
        prior.append((f.value, (f.start, f.end)))

    cause_match = CAUSE.search(text, seg.title[0], seg.operative_heading[0] if seg.operative_heading else len(text))
    cause = cause_match.group(0) if cause_match else None
    cause_span = (cause_match.start(), cause_match.end()) if cause_match else None

    procedure = None
    if document_type in ("administrative_ruling", "administrative_decision") or authority_kind == "ip_office":
        procedure = "administrative" if document_type != "other" else None
    elif case_number:
        for pattern, name in PROCEDURE_OF_TYPE:
            if pattern.search(case_number):
                procedure = name
                break

    return Header(
        document_type=document_type,
        document_type_span=type_span,
        authority_name=authority_name,
        authority_kind=authority_kind,
        authority_span=authority_span,
        case_number=case_number,
        case_number_span=case_span,
        prior_case_numbers=tuple(prior),
        cause=cause,
        cause_span=cause_span,
        procedure=procedure,
        warnings=tuple(warnings),
    )


# Type codes of decisions an appeal or retrial can come from: 民初, 民终, 行初, 知民终, 民申…
_DECISION_TYPES = re.compile(r"民|行|刑|执|知|裁")


def _is_decision_number(value: str, own: str | None) -> bool:
    """Whether a cited number can be an earlier decision in the same dispute."""
    parsed = parse_case_number(value)
    if "证" in value:
        return False  # a notarial certificate: （2097）苏姑证民内字第9082号
    if parsed is not None:
        return bool(_DECISION_TYPES.search(parsed.kind))
    # An office ruling number ("苏知裁字〔2097〕12号") may precede a court review of it.
    return bool(re.search(r"裁|决|处", value.split("〔")[0])) and not re.search(r"证字|公证", value)
