"""Cutting a ruling's text into its sections, as courts and offices build them.

Order (DOMAIN.md): title block (authority, document name, number) → parties → procedural
history → claims and defences → facts found → reasoning → operative part → appeal notice →
signatures and date. Offices follow the same order with 请求人/被请求人 and 本局认为.
Every section is a span (start, end) into `Document.text`; a section the document lacks is
None. Pure functions over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.identifiers.case_numbers import normalize_case_number
from extract.party_block import PARTY_LABEL, embedded_party_block, party_block

Span = tuple[int, int]

# The party block's grammar (role labels in every printed form, detail lines, paragraphs
# running several parties together) lives in extract/party_block.py.
# The sentence that opens the operative part: "判决如下：", "裁决如下：", "现决定如下："
OPERATIVE_OPENING = re.compile(r"(?:判决|裁决|裁定|决定|调解协议|处理决定|处理|协议)如下[：:]|确认如下[：:]|达成(?:了)?如下(?:调解)?协议[：:]")

# Paragraphs that end the operative part: costs, the appeal notice, the final-instance
# sentence, the bench's signatures, e.g. "一审案件受理费……", "如不服本判决……", "审判长 张某".
OPERATIVE_END = re.compile(
    r"^(?:[一二]审)?(?:本案)?(?:一审|二审)?(?:案件)?(?:受理费|诉讼费)|^如不服|^如果未按|^如未按|"
    r"^本判决为终审|^本裁定为终审|^本判决|^本裁定|^本裁决|^本决定|^本调解书|^当事人(?:如)?不服|"
    r"^审\s*判\s*长|^审\s*判\s*员|^代理审判员|^人民陪审员|^书\s*记\s*员|^双方当事人|^请求人如不服|"
    r"^被请求人如不服|^当事人对本|^上述协议|^以上协议|^本案结案|^本(?:裁决|决定|处理决定)书送达|^[^。]{0,40}(?:预交|交纳|缴纳)的?[^。]{0,12}受理费|^[双各]方.*不服|^如当事人"
)

# The history paragraph: "上诉人甲因与被上诉人乙侵害发明专利权纠纷一案，…"
HISTORY_CUE = re.compile(r"一案|纠纷|请求处理|提出.*请求|提起上诉|向本院|向本局|立案")

# The tail: the signature block starts at the bench or the office's name at the end.
SIGNATURE = re.compile(r"^(?:审\s*判\s*长|审\s*判\s*员|代理审判员|合\s*议\s*组|合议组组长|主审员)")


# The document's name as the 文书样式 print it: "民事判决书", "行政裁决书", "判决书",
# "药品专利纠纷早期解决机制行政裁决书", "专利侵权纠纷处理决定书". A publisher's headline that ends
# the same way names the parties ("甲公司与乙公司…二审民事判决书") and is not one.
_DOCUMENT_NAME = (
    r"(?:(?:重大)?(?:药品)?专利(?:侵权)?纠纷(?:案件)?(?:早期解决机制)?)?(?:民事|行政|刑事|执行)?(?:行政)?(?:处理|调处)?"
    r"(?:判决书|裁定书|调解书|裁决书|决定书)"
)
DOCUMENT_NAME_LINE = re.compile(rf"^{_DOCUMENT_NAME}$")

# A compacted title block: the court or office, the document's name and what follows on one
# line, "江苏省泰州市中级人民法院民 事 判 决 书(2015)泰中知民初字第00100号原告…" (spaces removed).
COMPACTED_TITLE = re.compile(
    r"^(?:中华人民共和国)?(?:(?!与|诉|公司)[\u4e00-\u9fff]){0,24}?(?:人民法院|知识产权法院|知识产权法庭|互联网法院|"
    rf"铁路运输(?:中级)?法院|知识产权局|市场监督管理局(?:[（(][\u4e00-\u9fff]{{0,12}}知识产权局[）)])?){_DOCUMENT_NAME}"
)

# The title block's first line: the court or office alone on its line, sometimes with the
# document's name after it: "中华人民共和国最高人民法院", "江苏省南京市中级人民法院",
# "北京知识产权法院", "国家知识产权局", "广州市市场监督管理局（知识产权局）",
# "上海知识产权法院民事判决书" (compared with spaces removed, so "最 高 人 民 法 院" too).
AUTHORITY_LINE = re.compile(
    r"^(?:中华人民共和国)?[\u4e00-\u9fff]{0,24}?(?:人民法院|知识产权法院|知识产权法庭|互联网法院|铁路运输(?:中级)?法院|"
    r"知识产权局|市场监督管理局(?:[（(][\u4e00-\u9fff]{0,12}知识产权局[）)])?)"
    rf"(?P<document>{_DOCUMENT_NAME})?$"
)

# Lines a judgment site or a publisher puts before the document: "案件名称：…", "审理法院：…",
# "案号：…", "案由：…", "裁判日期：…", "当事人：…", "来源：中国裁判文书网", "裁判要旨", "发布时间：…".
_METADATA_LABELS = (
    r"(?:案件名称|案件标题|标题|审理法院|法院名称|法院|案号|案件字号|案由|案件类型|文书类型|文书性质|审判程序|审理程序|审级|"
    r"裁判日期|判决日期|裁定日期|审结日期|发布日期|发布时间|公开日期|上传日期|当事人|审判人员|合议庭|来源|文章来源|"
    r"裁判要旨|要旨|关键词|基本案情|案情简介|裁判结果|相关法条|法律依据|浏览次数|阅读量|字号|作者|[一二再]审案号|[一二]审|"
    r"结案日期|经办法院|所属地区|全文|正文|文号)"
)
METADATA_LINE = re.compile(rf"^{_METADATA_LABELS}\s*(?:[：:]|$)")
# A field's label alone on its line, its value on the next ("法院" then "北京知识产权法院").
METADATA_LABEL = re.compile(rf"^{_METADATA_LABELS}[：:]?$")
# The label of a site's court field alone on its line: the court on the next line is its value,
# not the document's own title ("全文" or "正文" above the court line is not such a label).
COURT_FIELD_LABEL = re.compile(r"^(?:审理法院|法院名称|法院|经办法院|审判法院|作出机关)[：:]?$")


@dataclass(frozen=True)
class Segments:
    """Where each part of the ruling stands (spans into the text; None when absent)."""

    paragraphs: tuple[Span, ...]  # every paragraph, in order
    title: Span  # from the start to the end of the case-number line (or the first paragraphs)
    parties: tuple[Span, ...]  # paragraphs introducing or describing parties
    body: Span  # after the parties, before the operative part
    operative: Span | None  # the orders, after "判决如下：" and before costs/appeal notice
    operative_heading: Span | None  # the paragraph holding "…如下："
    tail: Span  # after the operative part to the end
    preamble: Span | None = None  # what a site or a publisher printed before the document, if anything


def paragraph_spans(text: str) -> list[Span]:
    """(start, end) of every non-empty line of `text`."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def segment(text: str) -> Segments:
    """Find the sections of a ruling's text."""
    paras = paragraph_spans(text)
    if not paras:
        return Segments((), (0, 0), (), (0, 0), None, None, (0, 0))

    start = document_start(text, paras)
    preamble = (paras[0][0], paras[start - 1][1]) if start > 0 else None
    first_party = next(
        (i for i in range(start, len(paras)) if PARTY_LABEL.match(text[paras[i][0] : paras[i][1]].strip())), None
    )
    title_end_index = first_party if first_party is not None else min(start + 3, len(paras))
    title = (paras[start][0], paras[title_end_index - 1][1] if title_end_index > start else paras[start][0])

    party_spans: list[Span] = []
    after_parties = title_end_index
    if first_party is not None:
        party_spans, after_parties = party_block(text, paras, first_party)
    elif (embedded := embedded_party_block(text, paras, start)) is not None:
        # A compacted page: the block starts inside a paragraph, after the title block.
        block_start, party_spans, after_parties = embedded
        title = (title[0], block_start) if block_start > title[0] else title

    heading_index = next(
        (i for i in range(after_parties, len(paras)) if OPERATIVE_OPENING.search(text[paras[i][0] : paras[i][1]])),
        None,
    )
    # The LAST opening wins when the history quotes an earlier judgment's "判决如下：".
    for i in range(len(paras) - 1, after_parties - 1, -1):
        if OPERATIVE_OPENING.search(text[paras[i][0] : paras[i][1]]) and _looks_like_own_opening(text, paras, i):
            heading_index = i
            break

    body_start = paras[after_parties][0] if after_parties < len(paras) else len(text)
    if heading_index is None:
        tail_index = next(
            (i for i in range(after_parties, len(paras)) if SIGNATURE.match(text[paras[i][0] : paras[i][1]].strip())),
            len(paras),
        )
        body_end = paras[tail_index - 1][1] if tail_index > after_parties else body_start
        tail_start = paras[tail_index][0] if tail_index < len(paras) else len(text)
        return Segments(
            tuple(paras), title, tuple(party_spans), (body_start, body_end), None, None, (tail_start, len(text)), preamble
        )

    hs, he = paras[heading_index]
    opening = OPERATIVE_OPENING.search(text, hs, he)
    operative_start = opening.end() if opening and opening.end() < he else he + 1
    end_index = heading_index + 1
    while end_index < len(paras) and not OPERATIVE_END.match(text[paras[end_index][0] : paras[end_index][1]].strip()):
        end_index += 1
    operative_end = paras[end_index - 1][1] if end_index - 1 > heading_index else he
    if operative_start > operative_end:
        operative_start = operative_end
    tail_start = paras[end_index][0] if end_index < len(paras) else len(text)
    return Segments(
        paragraphs=tuple(paras),
        title=title,
        parties=tuple(party_spans),
        body=(body_start, hs),
        operative=(operative_start, operative_end),
        operative_heading=(hs, he),
        tail=(tail_start, len(text)),
        preamble=preamble,
    )


def document_start(text: str, paras: list[Span], window: int = 80) -> int:
    """Index of the paragraph where the document itself starts (its court or office line).

    Pages copied from judgment sites and publishers' articles put metadata lines, a headline
    and a preface before the document; the document starts at its title block: the court or
    office on its own line followed by the document's name or its number, else the document's
    name on its own line, else its number on its own line followed by a party. 0 when none
    of these is found (the document starts at the top).
    """
    lines = [_compact(text[s:e]) for s, e in paras[:window]]

    def title_follows(i: int) -> bool:
        for line in lines[i + 1 : i + 4]:
            if DOCUMENT_NAME_LINE.match(line) or normalize_case_number(line) or PARTY_LABEL.match(line):
                return True
        return False

    for i, line in enumerate(lines):
        m = AUTHORITY_LINE.match(line)
        if i > 0 and COURT_FIELD_LABEL.match(lines[i - 1]):
            continue  # a site's field: "法院" on one line, the court's name on the next
        if m and (m["document"] or title_follows(i)):
            return i
    for i, line in enumerate(lines):
        if COMPACTED_TITLE.match(line):
            return i
    for i, line in enumerate(lines):
        if DOCUMENT_NAME_LINE.match(line):
            # The line above names the court when its name is one AUTHORITY_LINE does not know
            # ("某某自治区高级人民法院某某分院"): a short line that ends as an issuer's name does.
            above = lines[i - 1] if i > 0 else ""
            if re.fullmatch(r"[\u4e00-\u9fff]{2,28}(?:法院|法庭|分院|局)", above) and not re.search(r"与|诉|公司", above):
                return i - 1
            return i
    for i, line in enumerate(lines[:-1]):
        if normalize_case_number(line) and PARTY_LABEL.match(lines[i + 1]):
            return i
    return 0


def _compact(line: str) -> str:
    """A line without its spaces (titles are letter-spaced: "民 事 判 决 书")."""
    return re.sub(r"\s+", "", line)


def _looks_like_own_opening(text: str, paras: list[Span], index: int) -> bool:
    """True when the "…如下：" paragraph is the document's own, not a quoted earlier one.

    The document's own opening is followed (before any further "如下：") by the costs,
    the appeal notice or the signatures; a quoted first-instance judgment is followed by
    more reasoning ("本院认为", "上诉人…上诉请求").
    """
    for s, e in paras[index + 1 :]:
        line = text[s:e].strip()
        if OPERATIVE_END.match(line) or SIGNATURE.match(line):
            return True
        if OPERATIVE_OPENING.search(line):
            return False
        if re.match(r"^(?:本院认为|本局认为|合议组认为|[^，。]{0,30}(?:上诉请求|不服[^。]*提起上诉|诉称|辩称))", line):
            return False
    return True
