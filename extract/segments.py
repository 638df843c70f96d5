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

    first_party = next((i for i, (s, e) in enumerate(paras) if PARTY_LABEL.match(text[s:e].strip())), None)
    title_end_index = first_party if first_party is not None else min(3, len(paras))
    title = (paras[0][0], paras[title_end_index - 1][1] if title_end_index > 0 else paras[0][0])

    party_spans: list[Span] = []
    after_parties = title_end_index
    if first_party is not None:
        party_spans, after_parties = party_block(text, paras, first_party)
    elif (embedded := embedded_party_block(text, paras, 0)) is not None:
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
        return Segments(tuple(paras), title, tuple(party_spans), (body_start, body_end), None, None, (tail_start, len(text)))

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
    )


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
