"""The party block: the paragraphs after the title that introduce the parties.

Court and office formats print each party as its role label, its name and its details:

    上诉人（原审被告）：甲制药有限公司，住所地……。
    法定代表人：张某，该公司董事长。
    委托诉讼代理人：李某，某律师事务所律师。

Published documents vary the form: the label without a colon (`原告甲公司，住所地…`,
`上诉人(原审被告)甲制药股份有限公司。`), spaces for the colon (`被请求人  甲公司`), half-width
brackets, numbers (`请求人一`, `请求人（二）`, `第一被告`), letter-spacing (`原　告：`,
`住　　所：`), and several parties run together in one paragraph
(`上诉人（一审原告）：甲公司。住所地…。委托代理人：…。上诉人（一审被告）：乙公司。…`).
This module reads a line's label in all those forms and finds where the block ends.
The vocabularies (role words, detail words) are data: `patterns/party_roles.tsv` and
`patterns/party_details.txt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from extract import company_suffixes

Span = tuple[int, int]

_ROLES = frozenset(
    {
        "plaintiff",
        "defendant",
        "appellant",
        "appellee",
        "requester",
        "respondent",
        "retrial_applicant",
        "retrial_respondent",
        "third_party",
    }
)


def _data_lines(name: str) -> list[str]:
    text = resources.files("extract.patterns").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_role_words() -> tuple[tuple[str, str], ...]:
    """(role word, contract role) from `party_roles.tsv`, longest word first; checked on load."""
    pairs = []
    for number, line in enumerate(_data_lines("party_roles.tsv"), 1):
        word, _, role = line.partition("\t")
        if not word or role not in _ROLES:
            raise ValueError(f"party_roles.tsv entry {number}: expected 'word<TAB>role', got {line!r}")
        if any(word == seen for seen, _ in pairs):
            raise ValueError(f"party_roles.tsv entry {number}: {word} given twice")
        pairs.append((word, role))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def load_detail_words() -> tuple[str, ...]:
    """Words opening a party's detail line (`party_details.txt`), longest first; checked on load."""
    words = _data_lines("party_details.txt")
    bad = [w for w in words if not re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    if bad or len(set(words)) < len(words):
        raise ValueError(f"party_details.txt: not a Chinese word, or given twice: {bad or sorted(words)}")
    return tuple(sorted(set(words), key=len, reverse=True))


ROLE_WORDS = load_role_words()
DETAIL_WORDS = load_detail_words()

# Letter-spacing inside a printed word: "原　告", "住　　所", "法定代表人　".
_GAP = r"[ \u3000]*"
# A colon as documents print it: full-width, half-width, the ratio sign and the small colon
# that word processors substitute ("原告∶甲公司").
_COLON = r"[：:∶﹕]"
# After a label, OCR also reads the colon as a semicolon ("上诉人（原审被告）；甲公司").
_LABEL_COLON = r"[：:∶﹕；;]"
_NUMBER = r"[一二三四五六七八九十\d]"


def _spaced(word: str) -> str:
    """A pattern for `word` printed with or without letter-spacing ("住所" → 住[ 　]*所)."""
    return _GAP.join(map(re.escape, word))


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


ROLE_WORD = _alternation([w for w, _ in ROLE_WORDS])

# What a label's bracket says: a former or other role ("原审被告", "一审原告、二审上诉人",
# "反诉被告"), the linkage side ("专利权人", "仿制药申请人") or a number ("一"). A bracket
# saying anything else ("（香港）") belongs to the name, not the label.
_LABEL_BRACKET = (
    r"[（(](?=[^（()）\n]*(?:原审|一审|二审|原告|被告|上诉|申请|请求|第三人|反诉|专利|仿制药|"
    rf"利害关系|许可|持有人|{_NUMBER}))[^（()）\n]{{1,30}}[）)]"
)

# A role label at the start of a line, and what separates it from the name:
# "上诉人（原审被告）：" / "上诉人(原审被告)" / "被请求人二：" / "请求人（一）：" / "第一被告：" /
# "原　告：" / "被请求人  " / "请求人\t" (a table's cell) / "原审被告" (directly followed by the name).
# The number after the role word counts only before a colon, bracket or space, so that
# "原告十堰甲公司" keeps 十 in the name.
PARTY_LABEL_RE = re.compile(
    rf"^(?P<label>(?:第[一二三四五六七八九十]+{_GAP})?(?:{ROLE_WORD})"
    rf"(?:{_GAP}{_NUMBER}+(?={_GAP}(?:{_LABEL_COLON}|[（(])|[ \u3000]))?"
    rf"(?:{_GAP}{_LABEL_BRACKET})?"
    rf"(?:{_GAP}{_NUMBER}+(?={_GAP}{_LABEL_COLON}|[ \u3000]))?)"
    rf"(?P<sep>[ \u3000\t]*{_LABEL_COLON}[ \u3000\t]*\n?[ \u3000\t]*|[ \u3000\t]+|)"
)

# A line or sentence that belongs to the party above it: "法定代表人：张某，该公司董事长。",
# "住　　所：…", "诉讼代表人：…", "两上诉人共同委托诉讼代理人：…", "以上两被告的共同委托代理人…",
# "男，1980年1月1日出生，汉族" (a person's details on their own line), "（原名称：…）".
PARTY_DETAIL = re.compile(
    rf"^(?:(?:[\u4e00-\u9fff]{{0,8}}?共同)?(?:{_alternation(DETAIL_WORDS)})|(?:男|女)[，,。]|[（(](?:原名称|原名|曾用名|又称|又名))"
)

# A detail right after a name, which tells that the words before it are a name:
# "，住所地…", "。法定代表人…", "，男，1980年…", "，统一社会信用代码…".
_DETAIL_AFTER = re.compile(
    rf"^[ \u3000]*[，,。；;]?[ \u3000]*(?:{_alternation(DETAIL_WORDS)}|(?:男|女)[，,。]|\d{{4}}年|[一二]〇|汉族|系)"
)

# Words of prose, never inside a party's name: "原告甲公司与被告乙公司…纠纷一案",
# "原告诉称", "被告辩称", "上诉人不服…", "第三人述称", "原告向本院提出诉讼请求".
_PROSE = re.compile(
    r"与|诉|辩|称|因|的|不服|认为|提出|请求|一案|纠纷|申请|本院|本局|双方|二人|主张|同意|放弃|撤回|答辩|陈述|到庭|"
    r"参加|如下|以下|缺席|经传|未到|提交|上述|等人|为由|起诉|对此|不予|予以"
)

# The end of an organisation's name, with any bracket after it removed: "…有限公司",
# "…制药厂", "…研究所", "…大学", "…株式会社", "… Ltd.", "… AG" — every company-name suffix of
# extract/patterns/company_suffixes.tsv, and the other organisations' last words.
ORGANISATION_END = re.compile(
    rf"(?:{company_suffixes.chinese(*company_suffixes.KINDS)}|企业|中心|学院|医院|卫生院|诊所|协会|学会|委员会|"
    r"合作社|事务所|局|院|所|站|社|店|部|行|场|馆)$|"
    rf"{company_suffixes.latin(*company_suffixes.KINDS)}$"
)

# A person's name as printed, masked or not: "王某", "张某某", "某某", "马**", "李××", "敬德元",
# "阿不都·热合曼" (two to four characters, or names joined by a middle dot).
PERSON_NAME = re.compile(
    r"[\u4e00-\u9fff][\u4e00-\u9fff*＊×Ｘ]{1,3}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+"
)

# A detail glued to an organisation's name without a comma: "甲公司住所地…", "乙厂法定代表人…".
_GLUED_DETAIL = re.compile(r"住所地|住所|住址|地址|法定代表人|负责人|统一社会信用代码|营业场所|经营场所")

# The end of a name: the first comma, full stop, semicolon or colon outside brackets.
_NAME_END = frozenset("，,。；;：:∶﹕\n")

# A role word after a space ends a name: "一审被告:*** 再审申请人甲公司因…" (a compacted page
# separating its sentences by spaces only).
_LABEL_AFTER_SPACE = re.compile(rf"[ \u3000]+(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD})")

# After a person's name that ends the sentence: nothing, or a full stop and then the line's end,
# the next party or a detail ("原审被告张某。", "原告高某。被告甲公司，…", "被告王某。住甲省…").
_SENTENCE_ENDS = re.compile(
    rf"[ \u3000]*(?:$|[。；;][ \u3000]*(?:$|(?=(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD})|{_alternation(DETAIL_WORDS)})))"
)

# A bracket inside a name: "甲（中国）有限公司", "甲公司（以下简称甲公司）".
_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")

# Trailing brackets of a name ("伊莱利利公司（Eli Lilly and Company）（又称礼来公司）").
_TRAILING_BRACKETS = re.compile(r"(?:[（(][^（()）]*[）)])+$")


@dataclass(frozen=True)
class Label:
    """A party's role label read at the start of a line (offsets into the line)."""

    label: str  # as printed, e.g. "上诉人(原审被告)"
    name_start: int  # where the name begins, after the colon or spaces
    name_end: int  # where the name ends (a comma, full stop or the line's end)


def name_end(line: str, start: int, end: int | None = None) -> int:
    """Where a name beginning at `start` ends: the first comma, full stop, semicolon or colon
    outside brackets ("伊莱利利公司（Eli Lilly and Company, Inc.），住所地…"), two spaces, or
    one space before a detail word ("被请求人 甲公司 住所地…")."""
    end = len(line) if end is None else end
    depth = 0
    for i in range(start, end):
        ch = line[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _NAME_END:
            return i
        elif depth == 0 and _GLUED_DETAIL.match(line, i) and ORGANISATION_END.search(line[start:i]):
            return i  # "伊某公司住所地…": no comma between an organisation's name and its details
        elif depth == 0 and ch in " \u3000" and i > start:
            rest = line[i:end]
            if (
                re.match(r"[ \u3000]{2,}", rest)
                or _DETAIL_AFTER.match(rest)
                or _LABEL_AFTER_SPACE.match(rest)
            ):
                return i
    return end


def reads_as_name(name: str, after: str) -> bool:
    """Whether `name` (the words after a colon-less label) is a party's name, given what
    follows it on the line: an organisation's name, a name followed by a party's details,
    or a person's name that ends the sentence."""
    name = name.strip()
    core = _TRAILING_BRACKETS.sub("", name).strip()
    if not core or len(name) > 80 or _PROSE.search(_BRACKETS.sub("", name)):
        return False
    organisation = ORGANISATION_END.search(core)
    if organisation and len(core) >= (3 if len(organisation.group()) > 1 else 4):
        return True
    if _DETAIL_AFTER.match(after):
        return True
    return bool(PERSON_NAME.fullmatch(core)) and _SENTENCE_ENDS.match(after) is not None


def _label_match(line: str) -> re.Match[str] | None:
    m = PARTY_LABEL_RE.match(line)
    if not m:
        return None
    if re.search(_LABEL_COLON, m.group("sep")):
        return m
    end = name_end(line, m.end())
    return m if reads_as_name(line[m.end() : end], line[end:]) else None


class _PartyLabel:
    """`PARTY_LABEL.match(line)`: like a compiled pattern's match (groups `label` and `sep`),
    but a label without a colon matches only when a party's name follows it, so that
    "原告甲公司，住所地…" matches and "原告甲公司与被告乙公司…纠纷一案" does not."""

    pattern = PARTY_LABEL_RE.pattern

    def match(self, line: str) -> re.Match[str] | None:
        return _label_match(line)


PARTY_LABEL = _PartyLabel()


def read_label(line: str) -> Label | None:
    """The party label opening `line` (already stripped), or None when `line` does not
    introduce a party. A label without a colon counts only when a name follows it."""
    m = _label_match(line)
    if not m:
        return None
    return Label(m.group("label"), m.end(), name_end(line, m.end()))


def normalise_label(label: str) -> str:
    """The label as the contract keeps it: no spacing, full-width brackets
    ("上诉人 (原审被告)" → "上诉人（原审被告）")."""
    return re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")


# A sentence of the history that a run-together block leads into: "上诉人甲公司因与乙公司
# 侵害发明专利权纠纷一案，不服…", "请求人于2099年1月2日向本局提出…".
_HISTORY = re.compile(
    r"一案|纠纷|不服|提起上诉|提出上诉|申请再审|向本院|向本局|立案|请求处理|受理|审理|本院|本局"
)

# The history's opening sentence, which no block follows: "…纠纷一案，不服…向本院提起上诉",
# "请求人于2099年1月2日向本局提出…，本局于当日立案" (not a site's list of the laws applied).
_HISTORY_OPENING = re.compile(r"一案|提起上诉|提出上诉|申请再审|向本院|向本局|本院于|本局于|立案")

# Sentence ends inside a paragraph, outside brackets: "。" "；" ";".
_SENTENCE_END = frozenset("。；;")


# Where a compacted page starts a party's next piece without a full stop: a space before a
# role word or a detail word ("…律师 被请求人：乙公司 地址：…"), or a label with its colon glued
# to the words before it ("…律师事务所律师被请求人：乙公司").
_PIECE_START = re.compile(
    rf"[ \u3000\t]+(?=(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD})|{_alternation(DETAIL_WORDS)})"
    rf"|(?<=[\u4e00-\u9fff])(?=(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD})(?:{_GAP}{_NUMBER}+)?(?:{_GAP}{_LABEL_BRACKET})?{_GAP}{_COLON})"
)


_ROLE_WORD_AT = re.compile(rf"(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD})")


def _inside_role_word(text: str, position: int) -> bool:
    """Whether `position` falls inside a longer role word ("被|请求人", "原审|原告", "第一|被告")."""
    for k in range(1, 7):
        m = _ROLE_WORD_AT.match(text, max(0, position - k))
        if position - k >= 0 and m and m.end() > position:
            return True
    return False


def _sentences(text: str, start: int, end: int) -> list[Span]:
    """A paragraph cut after each full stop or semicolon outside brackets, and where
    `_PIECE_START` finds a party's next piece."""
    cuts = {
        m.end()
        for m in _PIECE_START.finditer(text, start, end)
        if m.end() > start and not _inside_role_word(text, m.end())
    }
    spans, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if i in cuts and depth == 0 and text[begin:i].strip():
            spans.append((begin, i))
            begin = i
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _SENTENCE_END:
            spans.append((begin, i + 1))
            begin = i + 1
    if text[begin:end].strip():
        spans.append((begin, end))
    return spans


def _unfinished(piece: str) -> bool:
    """A piece whose last sentence is cut by a line break ("住所地北京市海淀区中关" + "村1号。",
    "原告：" + "甲公司，住所地…" in a layout that prints the name under its label)."""
    return piece.rstrip()[-1:] not in "。；;）)"


def _continuation(line: str) -> bool:
    """Whether `line` can finish the sentence a line break cut: its first sentence is not
    prose ("董事长。委托诉讼代理人：…" can, though 委托诉讼代理人 holds 诉: a new piece)."""
    head = re.split(r"[。；;]", line, maxsplit=1)[0]
    return not _HISTORY.search(head) and not _PROSE.search(head)


def _opens_piece(line: str) -> bool:
    return read_label(line) is not None or PARTY_DETAIL.match(line) is not None


def party_block(text: str, paragraphs: list[Span] | tuple[Span, ...], first: int) -> tuple[list[Span], int]:
    """The party block starting at paragraph `first`: its pieces (a label's sentence with the
    sentences that follow it, or a detail), and the index of the first paragraph after it.

    A paragraph running several parties together is cut at each label and detail. The block
    ends at a paragraph that neither opens with a label or a detail nor continues an unfinished
    sentence, or at a history sentence inside a paragraph (then that paragraph is the first
    after the block). A block of bare rows ("请求人\t甲公司" in a summary table above the
    document's own block) gives way to a later block with colons or details.
    """
    pieces, after = _block_at(text, paragraphs, first)
    if not _has_details(text, pieces):
        for i in range(after, min(after + 15, len(paragraphs))):
            line = text[paragraphs[i][0] : paragraphs[i][1]].strip()
            if len(line) > 40 and _HISTORY_OPENING.search(line) and not read_label(line):
                break  # the history: no block after it
            if read_label(line):
                later, later_after = _block_at(text, paragraphs, i)
                if _has_details(text, later):
                    return later, later_after
    return pieces, after


def _has_details(text: str, pieces: list[Span]) -> bool:
    """Whether a block says more than bare names: a colon after a label, or a detail."""
    for s, e in pieces:
        line = text[s:e].strip()
        m = PARTY_LABEL_RE.match(line)
        label = read_label(line)
        if (
            label is None
            or (m and re.search(_LABEL_COLON, m.group("sep")))
            or _DETAIL_AFTER.match(line[label.name_end :])
        ):
            return True
    return False


# Where a label may start inside a compacted paragraph (a page that runs the title block and
# the parties into one line): after the case number's 号, a full stop, a semicolon or a space,
# e.g. "…民 事 判 决 书(2016)苏05民终1号上诉人(原审原告):甲公司。…", "…号 再审申请人(…):乙公司。",
# "…民初1号之一申请人：甲公司。".
_EMBEDDED_START = re.compile(
    rf"(?:(?<=[号。；;\s])|(?<=号之[一二三四五六七八九十]))[ \u3000]*(?=(?:第[一二三四五六七八九十]+)?(?:{ROLE_WORD}))"
)


def embedded_party_block(
    text: str, paragraphs: list[Span] | tuple[Span, ...], start: int, window: int = 80
) -> tuple[int, list[Span], int] | None:
    """For a text whose party block starts inside a paragraph (no paragraph opens with a
    label): where the block starts, its pieces and the index of the first paragraph after it.
    Only labels before the history count; None when there are none."""
    for i in range(start, min(start + window, len(paragraphs))):
        s, e = paragraphs[i]
        for m in _EMBEDDED_START.finditer(text, s, e):
            at = m.end()
            if _HISTORY_OPENING.search(text, s, at):
                break  # the history has begun in this paragraph: later labels are prose
            if read_label(text[at:e].strip()):
                pieces, after = _block_at(text, paragraphs, i, at)
                return at, pieces, after
        if e - s > 200 and _HISTORY_OPENING.search(text, s, e):
            return None  # a paragraph of history before any party
    return None


def _block_at(
    text: str, paragraphs: list[Span] | tuple[Span, ...], first: int, offset: int | None = None
) -> tuple[list[Span], int]:
    pieces: list[Span] = []
    i = first
    while i < len(paragraphs):
        s, e = paragraphs[i]
        if i == first and offset is not None:
            s = offset
        line = text[s:e].strip()
        continues = bool(pieces) and _unfinished(text[pieces[-1][0] : pieces[-1][1]]) and _continuation(line)
        if not (_opens_piece(line) or continues):
            break
        ended = False
        for k, (ps, pe) in enumerate(_sentences(text, s, e)):
            sentence = text[ps:pe].strip()
            if k == 0 and continues and not _opens_piece(sentence):
                pieces[-1] = (pieces[-1][0], pe)
                continue
            if k == 0 or _opens_piece(sentence):
                lead = len(text[ps:pe]) - len(text[ps:pe].lstrip())
                pieces.append((ps + lead, pe))
            elif _HISTORY.search(sentence):
                ended = True
                break
            else:
                pieces[-1] = (pieces[-1][0], pe)
        if ended:
            return pieces, i
        i += 1
    return pieces, i
