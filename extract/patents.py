"""The patents in suit: number (check digit verified), title and kind."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.identifiers.patent_numbers import (
    find_patent_number_candidates,
    find_publication_numbers,
    patent_kind,
)
from extract.model import Table
from extract.segments import Span

# A title in quotes near the number: 名称为“一种治疗骨质疏松的药物组合物”, 发明名称：“…”,
# or the 《》 some offices use.
QUOTED_TITLE = re.compile(r"[“\"「《](?P<title>[^”\"」》\n]{2,60})[”\"」》]")
# A labelled title without quotes: "专利名称：一种吻合器" / "发明名称为一种…，"
LABELLED_TITLE = re.compile(r"(?:专利名称|发明名称|实用新型名称|外观设计名称|设计名称|发明创造名称|名称)(?:为|是)?[：:]?\s*(?P<title>[^，,。；;\n“\"「《]{2,60})")
TITLE_LABEL = re.compile(r"名称")
KIND_WORDS = (("实用新型", "utility_model"), ("外观设计", "design"), ("发明", "invention"))


@dataclass(frozen=True)
class FoundPatent:
    number: str
    number_spans: tuple[Span, ...]  # every place the number is printed
    title: str | None
    title_span: Span | None
    kind: str | None
    publication_number: str | None
    publication_span: Span | None


def read_patents(text: str, tables: Sequence[Table] = ()) -> tuple[list[FoundPatent], list[str]]:
    """Every patent number printed with a valid check digit, in order of first mention,
    plus warnings for numbers whose check digit is wrong."""
    by_number: dict[str, list[Span]] = {}
    warnings: list[str] = []
    for found in find_patent_number_candidates(text):
        if not found.valid:
            warnings.append(f"专利号 {found.raw.strip()} 的校验位不正确，未采用，请核对原件。")
            continue
        by_number.setdefault(found.value, []).append((found.start, found.end))

    patents = []
    for number, spans in by_number.items():
        title, title_span = _title_near(text, spans)
        if title is None and len(by_number) == 1:
            title, title_span = _title_in_tables(text, tables)
        if title is None and len(by_number) == 1:
            title, title_span = _title_anywhere(text)
        kind = _kind_from_words(text, spans) or _kind_of(number)
        patents.append(FoundPatent(number, tuple(spans), title, title_span, kind, None, None))

    if not patents:
        for pub in find_publication_numbers(text):
            kind = {"B": "invention", "C": "invention", "U": "utility_model", "Y": "utility_model", "S": "design"}.get(
                pub.value[-1:] if pub.value[-1:].isalpha() else pub.value[-2:-1]
            )
            title, title_span = _title_near(text, [(pub.start, pub.end)])
            patents.append(
                FoundPatent(pub.value, ((pub.start, pub.end),), title, title_span, kind, pub.value, (pub.start, pub.end))
            )
    return patents, warnings


def _kind_from_words(text: str, spans: list[Span]) -> str | None:
    """The kind the document itself names right after a mention: "…号发明专利", "实用新型专利权"."""
    for _, end in spans:
        after = text[end : end + 20]
        for word, kind in KIND_WORDS:
            if re.match(rf"[号、，,）)]?(?:的)?{word}", after):
                return kind
    return None


def _kind_of(number: str) -> str | None:
    kind = patent_kind(number)
    return str(kind.value) if hasattr(kind, "value") else kind


def _title_near(text: str, spans: list[Span]) -> tuple[str | None, Span | None]:
    """The title printed within the same sentence as one of the number's mentions."""
    for start, end in spans:
        sentence_start = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
        sentence_end_candidates = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
        sentence_end = min(sentence_end_candidates) if sentence_end_candidates else len(text)
        window = text[sentence_start:sentence_end]
        for pattern in (QUOTED_TITLE, LABELLED_TITLE):
            for m in pattern.finditer(window):
                title = m.group("title").strip()
                if pattern is QUOTED_TITLE and not _titled(window, m.start()):
                    continue
                if _looks_like_title(title):
                    s = sentence_start + m.start("title")
                    return title, (s, s + len(m.group("title")))
    return None, None


TABLE_TITLE_KEY = re.compile(r"(?:专利|发明|实用新型|外观设计|发明创造)?名称")
# A title stated apart from the number: 涉案专利名称为“阿哌沙班片剂及其制备方法”
STANDALONE_TITLE = re.compile(
    r"(?:(?:专利|发明|实用新型|外观设计)(?:的)?名称(?:为|是)?[：:]?[“\"「《](?P<title>[^”\"」》\n]{2,60})[”\"」》]|"
    r"名称(?:为|是)[“\"「《](?P<title2>[^”\"」》\n]{2,60})[”\"」》]的?(?:发明|实用新型|外观设计)?专利)"
)


def _title_in_tables(text: str, tables: Sequence[Table]) -> tuple[str | None, Span | None]:
    """A key/value table row: 专利名称 | 一种2-苯胺基嘧啶衍生物…"""
    for table in tables:
        for row in table.cells:
            for (ks, ke), (vs, ve) in zip(row, row[1:], strict=False):
                if TABLE_TITLE_KEY.fullmatch(text[ks:ke].strip()):
                    title = text[vs:ve].strip()
                    if _looks_like_title(title):
                        return title, (vs, ve)
    return None, None


def _title_anywhere(text: str) -> tuple[str | None, Span | None]:
    m = STANDALONE_TITLE.search(text)
    if m:
        group = "title" if m.group("title") else "title2"
        if _looks_like_title(m.group(group)):
            return m.group(group).strip(), (m.start(group), m.end(group))
    return None, None


def _titled(window: str, quote_start: int) -> bool:
    """A quoted phrase is a title when 名称 stands just before it or 专利 just after it."""
    before = window[max(0, quote_start - 8) : quote_start]
    after = window[quote_start : quote_start + 80]
    closing = re.search(r"[”\"」》]", after)
    following = after[closing.end() : closing.end() + 12] if closing else ""
    return bool(TITLE_LABEL.search(before)) or bool(re.match(r"的?(?:发明|实用新型|外观设计)?专利", following))


def _looks_like_title(title: str) -> bool:
    return not re.search(r"\d{6,}|专利号|ZL", title)
