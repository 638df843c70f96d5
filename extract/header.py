"""The title block and the case: document type, authority, case number, 案由, procedure.

Read as the 文书样式 build a document (DOMAIN.md): the court or office on its line, the
document's name, its number; then the parties, whose role labels tell the instance; then the
history paragraph ("…侵害发明专利权纠纷一案，不服…"), which states the cause. The title block is
read line by line, so a line glued above the court's name never becomes part of it. What a
judgment site or a publisher printed before the document (`Segments.preamble`: metadata lines,
a headline, a preface citing other numbers) is used only when the document's own lines are
missing, and then with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.authorities import authority_names, authority_of_line, court_of_number
from extract.causes import cause_in_statement, find_cause
from extract.identifiers.case_numbers import find_case_numbers, parse_case_number
from extract.identifiers.found import Found
from extract.segments import METADATA_LINE, PARTY_LABEL, Segments, Span

# Document names, most specific first: "民事判决书", "行政裁决书", "专利侵权纠纷处理决定书",
# "专利纠纷调处决定书" (older local offices).
DOCUMENT_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:处理|调处)决定书"), "administrative_decision"),
    (re.compile(r"行政裁决书|裁决书"), "administrative_ruling"),
    (re.compile(r"调解书"), "mediation"),
    (re.compile(r"判决书"), "judgment"),
    (re.compile(r"裁定书"), "ruling"),
)

# The operative opening names the document when its title lost the name (a copy that kept the
# court and the number only): "判决如下：" a judgment, "裁定如下：" a ruling, "裁决如下：" an office's
# ruling, "处理决定如下：" / "决定如下：" an office's decision.
TYPE_OF_OPENING = (
    (re.compile(r"判决如下"), "judgment"),
    (re.compile(r"裁定如下"), "ruling"),
    (re.compile(r"裁决如下"), "administrative_ruling"),
    (re.compile(r"决定如下"), "administrative_decision"),
    (re.compile(r"调解协议|达成(?:了)?如下(?:调解)?协议"), "mediation"),
)

# Words by which a document names itself: "本判决为终审判决", "如不服本裁定", "本裁决书送达…".
OWN_DOCUMENT_CUE = re.compile(r"本判决|本裁定|本裁决|本处理决定|本调解书")
OWN_DOCUMENT_KINDS = (
    ("本判决", "judgment"),
    ("本裁定", "ruling"),
    ("本裁决", "administrative_ruling"),
    ("本处理决定", "administrative_decision"),
    ("本调解书", "mediation"),
)

# Any other issuing body, on a line of its own, for documents that are not rulings:
# "江西省医疗保障局", "江西省医药采购服务中心". Never a company: a company's letter has no authority.
ISSUER_NAME = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:医疗保障局|局|委员会|办公室|中心)$")

# 案由 of a drug patent linkage case (专利法第七十六条): "确认是否落入专利权保护范围纠纷"
LINKAGE_CAUSE = re.compile(r"确认(?:是否)?落入专利权保护范围")


def is_linkage_cause(cause: str | None) -> bool:
    """Whether the 案由 is a drug patent linkage dispute (never a finding of infringement)."""
    return bool(cause and LINKAGE_CAUSE.search(cause))


# The type code of a court number, with 知, the division numeral and brackets taken out, gives the
# instance; modern and pre-2016 numbers alike: 民再/民提/民申/民监/行申/知行(字) → retrial,
# 民终/民三终/行终/民辖终 → second instance, 民初/民五初/知民初/行初 → first instance.
RETRIAL_CODE = re.compile(r"再|提|申|监|^行$")
SECOND_INSTANCE_CODE = re.compile(r"终")
FIRST_INSTANCE_CODE = re.compile(r"初|^民辖$")

# Role labels (their part before any bracket) and the instance they belong to:
# "再审申请人（一审被告、二审上诉人）" retrial, "上诉人（原审被告）" second instance, "原告" first.
ROLE_PROCEDURE = (
    (re.compile(r"^(?:再审申请人|申请再审人|再审被申请人|被申请再审人|申诉人|被申诉人)"), "retrial"),
    (re.compile(r"^(?:上诉人|被上诉人|二审上诉人)"), "second_instance"),
    (re.compile(r"^(?:原告|被告)"), "first_instance"),
)

# The history paragraph tells the instance when neither number nor labels do:
# "…不服…民事判决，向本院提起上诉" second instance, "…申请再审" retrial, "…向本院提起诉讼" first.
HISTORY_PROCEDURE = (
    (re.compile(r"申请再审|提起再审|再审一案|决定(?:对本案)?(?:进行)?再审|提审"), "retrial"),
    (re.compile(r"提起上诉|提出上诉|上诉于本院|上诉至本院"), "second_instance"),
    (re.compile(r"向本院(?:提起|提出)?(?:诉讼|起诉)|诉至本院|本院(?:于[^，。]{0,16})?(?:立案)?受理"), "first_instance"),
)

# Words before a cited number: "不服上海知识产权法院（2019）沪73知民初608号民事判决",
# "作出的（2098）京73民初5号", "原审（2005）…", "依据国知药裁〔2099〕3号" — that number is not the
# document's own.
CITED_BEFORE = re.compile(r"(?:不服|作出的?|原审|一审|二审|再审|依据|根据|参见|见|即|案号为?|经)[^，。；\n]{0,30}$")
# Words after a cited number: "…号民事判决", "…号裁定", "…号公证书".
CITED_AFTER = re.compile(r"^\s*(?:民事|行政)?(?:判决|裁定|决定|裁决|调解|公证|通知|函|案)")


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
    preamble = text[seg.preamble[0] : seg.preamble[1]] if seg.preamble else ""
    authority, doc_from = _title_authority(text, title_start, title_end)
    if doc_from > title_start:  # a headline or a number glued before the court's name
        preamble += "\n" + text[title_start:doc_from]
    numbers = [
        f for f in find_case_numbers(text)
        if not (seg.preamble and f.start < seg.preamble[1]) and not (title_start <= f.start < doc_from)
    ]  # fmt: skip

    own = _own_number(text, seg, numbers)
    title_names_end = own.start if own is not None and doc_from <= own.start < title_end else title_end

    document_type, type_span = _document_type(text, doc_from, title_names_end)
    if document_type == "other" and title_names_end < title_end:
        document_type, type_span = _document_type(text, title_names_end, title_end)

    own_is_case = own is not None and (parse_case_number(own.value) is not None or _is_decision_number(own.value, None))
    looks_like_ruling = authority is not None or own_is_case or bool(seg.parties)
    if document_type == "other":
        document_type, type_span = _type_without_title(text, seg, preamble, authority, looks_like_ruling, warnings)
        if document_type == "other" and looks_like_ruling:
            warnings.append("文书缺少文书名称（可能是网页摘录或残缺的副本），无法确定是判决书还是裁定书，请对照原件核对。")

    if document_type == "other" and not looks_like_ruling:
        name, span = authority[:2] if authority else (None, None)
        kind = authority[2] if authority else None
        if name is None:
            for line, offsets in _lines(text, title_start, title_end):
                if ISSUER_NAME.match(line):
                    name, span = line, (offsets[0], offsets[-1] + 1)
                    break
        # A letter or notice has a document number, not a case number, and no 案由.
        return Header(document_type, type_span, name, kind, span, None, None, (), None, None, None)

    if own is None:
        own = _metadata_number(preamble, warnings)
        if own is None:
            warnings.append("未找到案号，请人工填写。")
    case_number = own.value if own else None
    case_span = (own.start, own.end) if own and own.end > 0 else None

    if authority is None:
        authority = _authority_elsewhere(text, seg, preamble, case_number, warnings)
    name, span, kind = authority if authority else (None, None, None)
    if kind is None and document_type in ("administrative_ruling", "administrative_decision"):
        kind = "ip_office"

    prior = _prior_numbers(numbers, own)

    cause, cause_span = _cause(text, seg, preamble, warnings)
    procedure = _procedure(text, seg, document_type, kind, case_number, preamble)

    return Header(
        document_type=document_type,
        document_type_span=type_span,
        authority_name=name,
        authority_kind=kind,
        authority_span=span,
        case_number=case_number,
        case_number_span=case_span,
        prior_case_numbers=tuple(prior),
        cause=cause,
        cause_span=cause_span,
        procedure=procedure,
        warnings=tuple(warnings),
    )


def _lines(text: str, start: int, end: int) -> list[tuple[str, list[int]]]:
    """The non-empty lines of text[start:end], each compacted (spaces out) with a map from the
    compact line's characters to offsets in `text`."""
    out = []
    pos = start
    for raw in text[start:end].split("\n"):
        offsets = [pos + i for i, ch in enumerate(raw) if not ch.isspace()]
        if offsets:
            out.append(("".join(text[i] for i in offsets), offsets))
        pos += len(raw) + 1
    return out


def _document_type(text: str, start: int, end: int) -> tuple[str, Span | None]:
    """The document's name in its title block, read line by line."""
    for line, offsets in _lines(text, start, end):
        for pattern, kind in DOCUMENT_TYPES:
            m = pattern.search(line)
            if m:
                return kind, (offsets[m.start()], offsets[m.end() - 1] + 1)
    return "other", None


# What follows a court's or office's name in a title: the document's name or its number
# ("最高人民法院民事判决书", "国家知识产权局（2099）…" is not one, "…局行政裁决书国知药裁〔2099〕3号").
_TITLE_AFTER_NAME = re.compile(r"^[\u4e00-\u9fff]{0,16}?(?:判决书|裁定书|调解书|裁决书|决定书)|^$")


def _title_authority(text: str, start: int, end: int) -> tuple[tuple[str, Span, str] | None, int]:
    """The court or office of the title block, read line by line, and where the document starts.

    Its name stands alone on its line or is followed by the document's name or number; a name
    with words glued before it (a headline, the site's 案号 line) starts the document there.
    """
    first = None
    for line, offsets in _lines(text, start, end):
        for n in authority_names(line):
            found = n.name, (offsets[n.start], offsets[n.end - 1] + 1), n.kind
            rest = line[n.end :]
            numbers = find_case_numbers(rest)
            if _TITLE_AFTER_NAME.match(rest) or (numbers and numbers[0].start == 0):
                return found, offsets[n.start] if n.start > 0 and line[: n.start] != "中华人民共和国" else offsets[0]
            first = first or found
    return first, start


def _type_without_title(
    text: str, seg: Segments, preamble: str, authority: tuple | None, looks_like_ruling: bool, warnings: list[str]
) -> tuple[str, Span | None]:
    """The document type when the title block does not name the document.

    A copy may keep the court and the number but drop the document's name; a page may open
    with a headline that names it. A document with a court, an office, its own number or a
    party block is read from its operative opening or the words that name it ("本判决为终审
    判决", "如不服本裁定"); without any of these it is not a ruling. A copy cut off before
    any of these stays "other", its case facts still read.
    """
    for line in reversed(preamble.split("\n")):
        compact = _compact(line)
        for pattern, kind in DOCUMENT_TYPES:
            if pattern.search(compact):
                warnings.append(f"文书名称取自文书前的标题或网页信息「{compact[:60]}」，请核对。")
                return kind, None
    if not looks_like_ruling:
        return "other", None
    court = authority is None or authority[2] == "court"
    if seg.operative_heading:
        heading = text[seg.operative_heading[0] : seg.operative_heading[1]]
        for pattern, kind in TYPE_OF_OPENING:
            m = pattern.search(heading)
            if m:
                if kind.startswith("administrative") and authority is not None and authority[2] == "court":
                    continue
                warnings.append("文书开头未写明文书名称，文书类型由主文（“…如下”）推定，请核对。")
                return kind, (seg.operative_heading[0] + m.start(), seg.operative_heading[0] + m.end())
    for m in OWN_DOCUMENT_CUE.finditer(text, seg.body[0]):
        kind = dict(OWN_DOCUMENT_KINDS)[m.group(0)]
        if kind.startswith("administrative") and court:
            continue
        warnings.append(f"文书开头未写明文书名称，文书类型由“{m.group(0)}”推定，请核对。")
        return kind, m.span()
    return "other", None


def _own_number(text: str, seg: Segments, numbers: list[Found]) -> Found | None:
    """The document's own number: the first in its title block; else the first in the document
    that is not cited (不服…号民事判决, 作出的…号)."""
    title_start, title_end = seg.title
    in_title = [f for f in numbers if title_start <= f.start < title_end + 2]
    for f in in_title:
        if not _is_cited(text, f):
            return f
    if in_title:
        return in_title[0]
    end = _orders_at(text, seg)
    for f in numbers:
        if f.start >= end:
            break
        if not _is_cited(text, f):
            return f
    return None


def _is_cited(text: str, f: Found) -> bool:
    before = text[max(0, f.start - 40) : f.start]
    return bool(CITED_BEFORE.search(before) or CITED_AFTER.match(text[f.end : f.end + 8]))


def _metadata_value(preamble: str, labels: str) -> str | None:
    """The value a site printed for one of `labels`: "案号：（2099）…号", "案由 侵害…纠纷" on one
    line, several fields on one line ("结案日期:… 案号:… 经办法院:…"), or the label alone on its
    line and the value on the next."""
    lines = [line.strip() for line in preamble.split("\n") if line.strip()]
    inline = re.compile(rf"(?:^|\s)(?:{labels})\s*[：:]\s*(?P<value>[^\s：:]+)")
    for i, line in enumerate(lines):
        m = inline.search(line)
        if m:
            return m["value"]
        if re.fullmatch(rf"(?:{labels})\s*[：:]?", line) and i + 1 < len(lines) and not METADATA_LINE.match(lines[i + 1]):
            return lines[i + 1]
    return None


def _metadata_number(preamble: str, warnings: list[str]) -> Found | None:
    """The number a site printed before the document ("案号：（2099）最高法知民终1号")."""
    value = _metadata_value(preamble, "案号|案件字号|文号")
    found = find_case_numbers(value) if value else []
    if not found:
        return None
    warnings.append(f"文书正文未写明案号，案号「{found[0].value}」取自文书前的网页信息，请核对。")
    return Found(0, 0, found[0].raw, found[0].value)


def _authority_elsewhere(
    text: str, seg: Segments, preamble: str, case_number: str | None, warnings: list[str]
) -> tuple[str | None, Span | None, str | None] | None:
    """The authority when the title block names none: the signature's standalone name line
    (offices sign with their name), the site's 审理法院 line, the court the number names."""
    tail_lines = _lines(text, seg.tail[0], seg.tail[1])
    for line, offsets in reversed(tail_lines[-8:]):
        n = authority_of_line(line)
        if n:
            return n.name, (offsets[n.start], offsets[n.end - 1] + 1), n.kind
    value = _metadata_value(preamble, "审理法院|法院名称|经办法院|法院|审理机关|文号")
    n = authority_of_line(_compact(value)) if value else None
    if n:
        warnings.append(f"文书正文未写明作出文书的法院，「{n.name}」取自文书前的网页信息，请核对。")
        return n.name, None, n.kind
    court = court_of_number(case_number)
    if court:
        warnings.append(f"文书开头未写明法院名称，作出文书的法院「{court}」由案号推定，请核对。")
        return court, None, "court"
    warnings.append("未找到作出文书的法院或机关，请人工填写。")
    return None


def _prior_numbers(numbers: list[Found], own: Found | None) -> list[tuple[str, Span]]:
    prior: list[tuple[str, Span]] = []
    for f in numbers:
        if own is not None and (f is own or f.value == own.value):
            continue
        if not _is_decision_number(f.value, own.value if own else None):
            continue  # a notarial certificate (京长安内经证字) or an unrelated office document
        if any(v == f.value for v, _ in prior):
            continue
        prior.append((f.value, (f.start, f.end)))
    return prior


def _cause(text: str, seg: Segments, preamble: str, warnings: list[str]) -> tuple[str | None, Span | None]:
    """The cause as the document states it; a site's 案由 line or a headline only when it does not."""
    end = _orders_at(text, seg)
    found = find_cause(text, seg.title[0], end, seg.title[1])
    if found:
        return found[0], found[1]
    value = _metadata_value(preamble, "案由")
    cause = value if value and value.endswith("纠纷") else None
    for line in preamble.split("\n"):
        if cause is None and not METADATA_LINE.match(line.strip()):
            cause = _headline_cause(_compact(line))
    if cause:
        warnings.append(f"文书正文未写明案由，案由「{cause}」取自文书前的标题或网页信息，请核对。")
    return cause, None


# A headline names the case: "甲公司与乙公司侵害发明专利权纠纷二审民事判决书", "…侵犯专利权纠纷上诉案";
# the cause ends the run of characters before the document's name (prose in a preface is no headline).
HEADLINE = re.compile(
    r"(?P<run>[\u4e00-\u9fff、]+?纠纷)(?:一审|二审|再审|提审|申诉|上诉)?(?:民事|行政)?(?:判决书|裁定书|决定书|裁决书|调解书|案)$"
)


def _headline_cause(line: str) -> str | None:
    """The cause a publisher's headline names."""
    m = HEADLINE.search(line)
    span = cause_in_statement(m["run"]) if m else None
    return m["run"][span[0] : span[1]] if span else None


def _procedure(
    text: str, seg: Segments, document_type: str, kind: str | None, case_number: str | None, preamble: str
) -> str | None:
    """The instance: an office's case is administrative; a court's is read from its number's
    type code, else its parties' role labels, else its history paragraph, else a site's
    headline ("…二审民事判决书")."""
    if document_type in ("administrative_ruling", "administrative_decision") or kind == "ip_office":
        return "administrative"
    if case_number:
        procedure = procedure_of_number(case_number)
        if procedure:
            return procedure
    procedure = _procedure_of_labels(text, seg)
    if procedure:
        return procedure
    history_end = _orders_at(text, seg)
    for para_start, para_end in seg.paragraphs:
        if para_start < seg.body[0]:
            continue
        if para_start >= history_end:
            break
        for pattern, name in HISTORY_PROCEDURE:
            if pattern.search(text, para_start, para_end):
                return name
        break  # only the first paragraph of the body is the history
    stated = _metadata_value(preamble, "审理程序|审判程序|审级") or ""
    for pattern, name in (("再审", "retrial"), ("二审", "second_instance"), ("一审", "first_instance")):
        if stated.startswith(pattern) or re.search(pattern + r"[\u4e00-\u9fff]{0,4}(?:判决书|裁定书)", preamble):
            return name
    return None


def procedure_of_number(case_number: str) -> str | None:
    """The instance a court number's type code names, None for other types (执, 保, 他)."""
    parsed = parse_case_number(case_number)
    if parsed is None:
        return None
    code = re.sub(r"[知（）()一二三四五六七八九十\d]", "", parsed.kind)
    if RETRIAL_CODE.search(code):
        return "retrial"
    if SECOND_INSTANCE_CODE.search(code):
        return "second_instance"
    if FIRST_INSTANCE_CODE.search(code):
        return "first_instance"
    return None


def _procedure_of_labels(text: str, seg: Segments) -> str | None:
    """The instance the parties' role labels name (the first label that names one)."""
    spans = list(seg.parties)
    if not spans:  # labels without a colon are not a party block yet: read the title's next lines
        spans = [p for p in seg.paragraphs if seg.title[1] <= p[0]][:6]
    for s, e in spans:
        line = text[s:e].strip()
        m = PARTY_LABEL.match(line)
        label = m["label"] if m else line[:8]
        for pattern, name in ROLE_PROCEDURE:
            if pattern.match(label):
                return name
    return None


def _orders_at(text: str, seg: Segments) -> int:
    """Where the orders start ("…判决如下：" ends): the history and the cause come before it, also
    when a compacted page holds the whole document in one paragraph."""
    return seg.operative[0] if seg.operative else len(text)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


# Type codes of decisions an appeal or retrial can come from: 民初, 民终, 行初, 知民终, 民申…
_DECISION_TYPES = re.compile(r"民|行|刑|执|知|裁")


def _is_decision_number(value: str, own: str | None) -> bool:
    """Whether a cited number can be an earlier decision in the same dispute."""
    parsed = parse_case_number(value)
    if "证" in value:
        return False  # a notarial certificate: （2097）苏姑证民内字第9082号
    if parsed is not None:
        return bool(_DECISION_TYPES.search(parsed.kind))
    # An office ruling number may precede a court review of it: "苏知裁字〔2097〕12号",
    # "粤知执处字〔2098〕5号", "宁知〔2099〕纠字6号" (纠纷处理), "京知执字〔2099〕1号" (执法).
    return bool(re.search(r"裁|决|处|纠|执", re.sub(r"〔\d+〕|\d+号.*", "", value))) and not re.search(r"证字|公证", value)
