"""案由: the cause a ruling is filed under, read where the document itself states it.

The vocabulary is data (`patterns/causes.txt`): the patent causes of the 民事案件案由规定 in its
current and older wordings (侵害/侵犯…专利权纠纷, 专利侵权纠纷), the administrative causes and
the neighbouring IP causes, each with its kind. The document states its cause in the history
paragraph, "原告甲公司与被告乙公司侵害发明专利权纠纷一案，…"; that statement is read first, and a
cause outside the vocabulary is still read there ("…侵害技术秘密及不正当竞争纠纷一案").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

KINDS = ("infringement", "linkage", "non_infringement", "patent", "administrative", "other")


@functools.cache
def vocabulary() -> dict[str, str]:
    """Cause → kind, from `patterns/causes.txt`, checked on load."""
    causes: dict[str, str] = {}
    text = resources.files("extract.patterns").joinpath("causes.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, cause = line.partition("\t")
        if kind not in KINDS or not re.fullmatch(r"[\u4e00-\u9fff、]{4,30}", cause) or cause in causes:
            raise ValueError(f"causes.txt line {number}: expected 'kind<TAB>cause' (kind one of {KINDS}), got {line!r}")
        causes[cause] = kind
    return causes


@functools.cache
def _known() -> re.Pattern[str]:
    # Longest first, so "确认不侵害专利权纠纷" wins over "侵害专利权纠纷" at the same place.
    return re.compile("|".join(sorted(map(re.escape, vocabulary()), key=len, reverse=True)))


def kind_of(cause: str | None) -> str | None:
    """The kind of a cause (`KINDS`), None for a cause outside the vocabulary."""
    return vocabulary().get(cause) if cause else None


# The history paragraph's statement of the cause: "…侵害发明专利权纠纷一案", "…专利侵权纠纷案",
# "…确认不侵害专利权纠纷一案" — the run of characters before 一案 / 案 that ends in 纠纷.
CASE_STATEMENT = re.compile(
    r"(?P<run>[\u4e00-\u9fff、]{2,40}?(?:纠纷|行政裁决|行政处理|行政处罚))(?:上诉|再审|申请再审|再审审查|管辖权异议|行为保全)?(?:一|两|二|三|系列)?案(?!件)"
)

# Where a cause starts inside that run, after the parties' names: "乙公司侵害…", "张某某因确认…".
CAUSE_START = re.compile(
    r"侵害|侵犯|确认|假冒|专利|发明|实用新型|外观设计|技术|商标|不正当|买卖|合同|职务|标准必要|仿冒|虚假|商业|"
    r"垄断|滥用|计算机|著作权|特许经营|知识产权|植物新品种|集成电路|因申请|因恶意|药品"
)
# Ends of a party's name before the cause: 公司, 厂, 株式会社, 研究院, 医院, 大学, 某 (anonymised)…
# Words between the names and the cause: "…因侵害…", "…与乙公司就…", "…等…".
_CONNECTORS = "因与诉就系及和等间之的"
_NAME_END = re.compile(r"(?:公司|厂|社|院|所|大学|局|中心|店|会|某|人)(?=[\u4e00-\u9fff])")


def cause_in_statement(run: str) -> tuple[int, int] | None:
    """(start, end) of the cause at the end of `run` (text that ends in 纠纷), None if none.

    The longer of the vocabulary's cause and the words after the parties' names, so that an
    unlisted qualifier is kept: "…确认不侵犯发明专利权纠纷", "…发明专利无效行政纠纷".
    """
    known = re.search(rf"(?:{_known().pattern})$", run)
    after_names = 0
    for m in _NAME_END.finditer(run):
        after_names = m.end()
    while after_names < len(run) and run[after_names] in _CONNECTORS:
        after_names += 1
    start = CAUSE_START.search(run, after_names)
    generic = start.start() if start else (after_names if 4 <= len(run) - after_names <= 16 else None)
    if generic is not None and len(run) - generic < 4:
        generic = None
    if known and (generic is None or generic >= known.start()):
        return known.span()
    return (generic, len(run)) if generic is not None else None


# The document's own 案由 line (offices print one): "案由：确认是否落入专利权保护范围纠纷。"
CAUSE_LINE = re.compile(r"(?m)^\s*案\s*由\s*[：:]\s*(?P<cause>[\u4e00-\u9fff、]{4,40})")


def find_cause(text: str, start: int, end: int, body_start: int | None = None) -> tuple[str, tuple[int, int]] | None:
    """The cause the document states between `start` and `end`, with its span.

    Its own 案由 line first, then the history paragraph's "…纠纷一案" (after the title block,
    `body_start`; in the title block when a compacted page runs them together); else a cause of
    the vocabulary after the title block (an office's "…专利侵权纠纷处理请求"), else in the title
    ("专利侵权纠纷处理决定书" states 专利侵权纠纷).
    """
    m = CAUSE_LINE.search(text, start, end)
    if m:
        return m["cause"], m.span("cause")
    body_start = start if body_start is None else max(start, min(body_start, end))
    return (
        _statement_between(text, body_start, end)
        or _statement_between(text, start, body_start)
        or _known_between(text, body_start, end)
        or _known_between(text, start, body_start)
    )


def _statement_between(text: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    for m in CASE_STATEMENT.finditer(text, start, end):
        span = cause_in_statement(m["run"])
        if span:
            s, e = m.start("run") + span[0], m.start("run") + span[1]
            return text[s:e], (s, e)
    return None


def _known_between(text: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    for m in _known().finditer(text, start, end):
        cause = m.group(0)
        if _in_book_title(text, m.start()) or text.startswith("案件", m.end()):
            continue  # a law's title: 《最高人民法院关于审理专利纠纷案件适用法律问题的若干规定》
        if text[m.end() : m.end() + 1] == "书":  # a document's name: "专利侵权纠纷行政裁决书"
            shorter = [c for c in vocabulary() if cause.startswith(c) and c != cause and c.endswith("纠纷")]
            if not shorter:
                continue
            cause = max(shorter, key=len)
        return cause, (m.start(), m.start() + len(cause))
    return None


def _in_book_title(text: str, at: int) -> bool:
    """Whether `at` is inside 《…》 (a law's or a document's title)."""
    before = text[max(0, at - 60) : at]
    return before.rfind("《") > before.rfind("》")
