"""The parties: who they are, their role in this document, and on which side they stand.

A party is introduced by its printed role label at the start of a paragraph
(`上诉人（原审被告）：甲制药有限公司，住所地……。`), followed by its details in the same
paragraph or the next ones (`法定代表人：张某，该公司董事长。`). Agents (委托诉讼代理人) are
not parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import company_suffixes, party_block
from extract.identifiers.uscc import find_uscc_candidates
from extract.nlp import organisation_starting_at
from extract.party_block import ORGANISATION_END, normalise_label, read_label
from extract.segments import Span

# Role words → the contract's role (data: patterns/party_roles.tsv), longest first, so that
# 被上诉人 is not read as 上诉人 and 原审被告 not as 被告.
ROLE_WORDS: tuple[tuple[str, str], ...] = party_block.ROLE_WORDS

# Labels of a party's role in an earlier instance of this case ("二审被上诉人（一审原告）" in a
# retrial): the party has no role of its own here and takes its first-instance role, which
# the bracket gives (the schema's rule for `role`).
PRIOR_INSTANCE = frozenset({"二审上诉人", "二审被上诉人", "原审上诉人", "原审被上诉人"})
FIRST_INSTANCE = {"原告": "plaintiff", "被告": "defendant", "第三人": "third_party"}

# Roles whose side the role itself tells.
_SIDE_OF_ROLE = {
    "plaintiff": "rights_holder",
    "requester": "rights_holder",
    "defendant": "accused",
    "respondent": "accused",
}

# "住所地：江苏省南京市玄武区中山路1号。" / "住所地江苏省…" / "住址：…" / "住：…"
# Letter-spaced and padded labels too: "住　　所：…", "地址 …".
ADDRESS = re.compile(
    r"(?:住[ \u3000]*所[ \u3000]*地|住[ \u3000]*所|住[ \u3000]*址|地[ \u3000]*址|经营场所|营业场所|住)[ \u3000]*[：:∶﹕]?\s*(?P<value>[^。；\n]+?)(?=[。；\n]|，(?:法定代表人|负责人|统一社会信用代码|委托|联系|邮编|电话|公民身份|系|是|为|现住)|$)"
)

# "法定代表人：张某，该公司董事长。" / "负责人：李某" / "法定代表人王某某，董事长" /
# "法定代表人　：张某" / "诉讼代表人：李某" / "代表人：王某"
REPRESENTATIVE = re.compile(
    r"(?:法定代表人|诉讼代表人|代表人|主要负责人|负责人|执行事务合伙人|经营者|投资人)[ \u3000]*[：:∶﹕]?\s*(?P<value>[^，,。；;\n（(\s：:]+(?: [A-Za-z][^，,。；;\n（(\s]*)*)"
)

# Natural persons carry sex, birth date and ethnicity: "王某，男，1980年1月1日出生，汉族"
PERSON_MARK = re.compile(r"^[，,]\s*(?:男|女)[，,]")

# Endings of company names: "…有限公司", "…集团", "…大药房", "… Ltd.", "… AG)" — a legal form or
# another company word of extract/patterns/company_suffixes.tsv. Research institutes,
# universities and hospitals are organisations but not companies ("other").
_COMPANY_KINDS = (company_suffixes.LEGAL, company_suffixes.COMPANY, company_suffixes.TRADER)
COMPANY_END = re.compile(
    rf"(?:{company_suffixes.chinese(*_COMPANY_KINDS)})$|{company_suffixes.latin(*_COMPANY_KINDS)}\)?）?$"
)


@dataclass
class PartyBlock:
    """A party's paragraphs, with offsets into the text."""

    label: str  # as printed, e.g. 上诉人（原审被告）
    label_span: Span
    name_span: Span
    detail_spans: list[Span] = field(default_factory=list)  # the introducing paragraph's rest + details


@dataclass(frozen=True)
class FoundParty:
    """A party as read, with where each value stands (offsets into the text)."""

    name: str
    name_span: Span
    role: str
    role_label: str
    label_span: Span
    side: str | None
    side_span: Span | None  # the words the side was derived from
    kind: str
    uscc: str | None
    uscc_span: Span | None
    address: str | None
    address_span: Span | None
    representative: str | None
    representative_span: Span | None
    warnings: tuple[str, ...] = ()


def party_blocks(text: str, party_paragraphs: tuple[Span, ...]) -> list[PartyBlock]:
    """Group the party pieces (paragraphs, or sentences of a run-together paragraph) into one
    block per party. Agents are skipped, and so are the details that follow an agent (its
    address, its telephone) until the next label."""
    blocks: list[PartyBlock] = []
    after_agent = False
    for start, end in party_paragraphs:
        line = text[start:end]
        stripped_offset = len(line) - len(line.lstrip())
        label = read_label(line.strip())
        if label:
            label_start = start + stripped_offset
            name_start = label_start + label.name_start
            name_end = label_start + label.name_end
            blocks.append(
                PartyBlock(
                    label=normalise_label(label.label),
                    label_span=(label_start, label_start + len(label.label)),
                    name_span=(name_start, name_end),
                    detail_spans=[(name_end, end)],
                )
            )
            after_agent = False
        elif blocks:
            if AGENT.match(line):
                after_agent = True
                continue  # agents are not parties, and their addresses are not the party's
            if after_agent and not REPRESENTATIVE_LINE.match(line):
                continue
            blocks[-1].detail_spans.append((start, end))
    return blocks


# An agent's line: "委托诉讼代理人：李某…", "两上诉人共同委托诉讼代理人：…", "法定代理人…" is not one.
AGENT = re.compile(
    r"\s*(?:[\u4e00-\u9fff]{0,8}?共同)?(?:委托诉讼代理人|委托代理人|诉讼代理人|特别授权代理人|代理人|指定代理人)"
)

# A detail line that is the party's even after an agent's line: "法定代表人：…", "负责人：…".
REPRESENTATIVE_LINE = re.compile(
    r"\s*(?:法定代表人|诉讼代表人|代表人|主要负责人|负责人|执行事务合伙人|统一社会信用代码)"
)


def role_of(label: str) -> str:
    """The contract role for a printed label; the word before the bracket decides, except for
    a role of an earlier instance ("二审被上诉人（一审原告）"), where the first-instance role in
    the bracket does."""
    label = re.sub(r"\s+", "", label)
    head = re.split(r"[（(]", label, maxsplit=1)[0]
    head = re.sub(r"[一二三四五六七八九十\d]+$", "", head)
    head = re.sub(r"^第[一二三四五六七八九十]+", "", head)  # 第一被告
    if head in PRIOR_INSTANCE:
        first = re.search(r"[一原]审(原告|被告|第三人)", label[len(head) :])
        if first:
            return FIRST_INSTANCE[first.group(1)]
    for word, role in ROLE_WORDS:
        if head == word:
            return role
    for word, role in ROLE_WORDS:
        if head.endswith(word):
            return role
    return "third_party"


# A bracket naming the linkage or licence side: "请求人（专利权人）", "被请求人（仿制药申请人）",
# "第三人（利害关系人）", "请求人（药品上市许可申请人）".
LINKAGE_BRACKET = re.compile(r"反诉|仿制药|上市许可申请人|专利权人|被许可人|利害关系人|许可人")


def side_from_label(label: str, role: str) -> tuple[str | None, str | None]:
    """(side, the words it was read from) from the label: the bracket's first-instance role
    decides for appellants and retrial parties ("上诉人（原审被告）" → accused)."""
    bracket = re.search(r"[（(]([^）)]*)[）)]", label)
    if bracket and LINKAGE_BRACKET.match(bracket.group(1)):
        inside = bracket.group(1)
        if inside.startswith(("仿制药", "上市许可申请人", "药品上市许可申请人")):
            return "accused", inside  # 请求人（仿制药申请人） in a linkage case
        if not inside.startswith("反诉"):
            return "rights_holder", inside
        bracket = None  # 原告（反诉被告）: the counterclaim does not change the side
    if bracket:
        inside = re.sub(r"反诉(?:原告|被告)", "", bracket.group(1))  # a counterclaim does not change the side
        if re.match(r"(?:药品)?上市许可申请人|仿制药", inside):
            return "accused", inside
        for word in ("原审原告", "一审原告", "原告", "请求人"):
            if word in inside and "被" + word not in inside:
                return "rights_holder", word
        for word in ("原审被告", "一审被告", "被告", "被请求人"):
            if word in inside:
                return "accused", word
        if "第三人" in inside:
            return None, None
    head = re.split(r"[（(]", label, maxsplit=1)[0]
    if head.endswith("利害关系人"):
        return "rights_holder", "利害关系人"  # 专利权人或者利害关系人: the licensee's side
    side = _SIDE_OF_ROLE.get(role)
    return (side, label) if side else (None, None)


# A natural person's name, masked or not: "王某", "张某某", "某某", "马**", "李××", "敬德元".
PERSON_NAME = re.compile(
    r"[\u4e00-\u9fff]{1,2}某{1,2}|[\u4e00-\u9fff][*＊×Ｘ]{1,3}|[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}"
)

# Brackets printed after a name: "伊莱利利公司（Eli Lilly and Company）（又称礼来公司）".
TRAILING_BRACKETS = re.compile(r"(?:[（(][^（()）]*[）)])+$")


def kind_of(name: str, following: str) -> str:
    """company, person or other: natural persons carry 性别; organisations a name ending
    (judged without the brackets after the name, "礼来公司(Eli Lilly and Company)")."""
    if PERSON_MARK.match(following):
        return "person"
    core = TRAILING_BRACKETS.sub("", name.strip()) or name.strip()
    if COMPANY_END.search(core) or COMPANY_END.search(name.strip()):
        return "company"
    if PERSON_NAME.fullmatch(core) and "公司" not in core and not ORGANISATION_END.search(core):
        return "person"
    if re.fullmatch(r"[*＊×Ｘ]{2,}", core):
        return "person"  # a name masked whole: judgment sites mask natural persons' names
    return "other"


def read_parties(text: str, party_paragraphs: tuple[Span, ...]) -> list[FoundParty]:
    """Every party introduced in `party_paragraphs`, with role, side, kind and details."""
    found: list[FoundParty] = []
    for block in party_blocks(text, party_paragraphs):
        name = _clean_name(text[block.name_span[0] : block.name_span[1]])
        if not name:
            continue
        role = role_of(block.label)
        side, side_words = side_from_label(block.label, role)
        side_span = _span_of(text, block.label_span, side_words) if side_words else None
        first_detail = text[block.detail_spans[0][0] : block.detail_spans[0][1]] if block.detail_spans else ""
        warnings: list[str] = []

        uscc = uscc_span = None
        address = address_span = representative = representative_span = None
        for ds, de in block.detail_spans:
            chunk = text[ds:de]
            for cand in find_uscc_candidates(chunk):
                if cand.valid and uscc is None:
                    uscc, uscc_span = cand.value, (ds + cand.start, ds + cand.end)
                elif not cand.valid:
                    warnings.append(
                        f"{name} 的统一社会信用代码 {cand.raw} 校验位不正确，未采用，请核对原件。"
                    )
            if address is None:
                m = ADDRESS.search(chunk)
                if m and not _is_agent_context(chunk, m.start()):
                    address = m.group("value").strip()
                    address_span = (
                        ds + m.start("value"),
                        ds + m.start("value") + len(m.group("value").rstrip()),
                    )
            if representative is None:
                m = REPRESENTATIVE.search(chunk)
                if m:
                    representative = _clean_name(m.group("value"))
                    representative_span = (ds + m.start("value"), ds + m.end("value"))
        found.append(
            FoundParty(
                name=name,
                name_span=block.name_span,
                role=role,
                role_label=block.label,
                label_span=block.label_span,
                side=side,
                side_span=side_span,
                kind=kind_of(name, first_detail),
                uscc=uscc,
                uscc_span=uscc_span,
                address=address,
                address_span=address_span,
                representative=representative,
                representative_span=representative_span,
                warnings=tuple(warnings),
            )
        )
    return found


# A former name printed after the name: "（原名称为湖南湘麓生物技术有限公司）", "（曾用名：…）".
# "（原连云港甲交通设施有限公司）" names a former name by 原 alone.
FORMER_NAME = re.compile(
    r"[（(](?:(?:原名称|原名|曾用名|原企业名称|系|为|即)[^）)]*|原[^）)]*(?:公司|厂|院|所|中心|社|部|店))[）)]$"
)

# A short or other name printed after the name, which ruling._short_names reads from the text:
# "（以下简称甲公司）", "(以下简称“甲公司”)", "（简称甲公司）", "（又称礼来公司）", "（下称甲公司）".
ALIAS_BRACKET = re.compile(r"[（(](?:以下简称|以下称|下称|简称|又称|又名)[^）)]*[）)]$")


def _clean_name(raw: str) -> str:
    """The name as printed, with full-width brackets: CJK spacing removed, single spaces kept
    between Latin words, a former name or a short name in brackets after it dropped."""
    name = raw.strip()
    while True:
        shorter = ALIAS_BRACKET.sub("", FORMER_NAME.sub("", name)).rstrip()
        if shorter == name:
            break
        name = shorter
    name = (
        name.replace("\u3000", "").replace("(", "（").replace(")", "）")
    )  # brackets as the contract prints them
    name = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", name)
    return re.sub(r"\s{2,}", " ", name)


def _span_of(text: str, within: Span, words: str) -> Span:
    index = text.find(words, within[0], within[1])
    return (index, index + len(words)) if index >= 0 else within


def _is_agent_context(chunk: str, position: int) -> bool:
    """An address that belongs to an agent (…律师事务所律师，住…) is not the party's."""
    before = chunk[max(0, position - 40) : position]
    return "代理人" in before


# The history's opening sentence, naming every party by its role: "原告甲公司诉被告乙公司侵害
# 发明专利权纠纷一案", "上诉人甲公司（以下简称甲公司）因与被上诉人乙公司、原审被告丙侵害…纠纷一案".
HISTORY_SENTENCE = re.compile(rf"(?:^|(?<=[。\n\s]))(?:{party_block.ROLE_WORD})[^。\n]{{2,400}}?一案")
_HISTORY_ROLE = re.compile(
    rf"(?:^|(?<=[、与诉及和，,。\s]))(?P<label>(?:第[一二三四五六七八九十]+)?(?:{party_block.ROLE_WORD}))"
)

# Where the last name of the sentence ends and the cause begins: "丙公司侵害发明专利权纠纷一案".
_CAUSE_START = re.compile(
    r"(?:侵害|侵犯|确认|专利|发明|实用新型|外观设计|因|申请|技术|计算机|商标|不正当|合同|损害)[^、]*?纠纷一案$|一案$"
)


def history_parties(text: str, start: int, end: int) -> list[FoundParty]:
    """The parties as the history's opening sentence names them, for a document whose party
    block is missing (a site that printed only the agents' lines). Each party carries a warning."""
    sentence = HISTORY_SENTENCE.search(text, start, end)
    if not sentence:
        return []
    roles = list(_HISTORY_ROLE.finditer(text, sentence.start(), sentence.end()))
    found: list[FoundParty] = []
    for k, role_match in enumerate(roles):
        chunk_end = roles[k + 1].start() if k + 1 < len(roles) else sentence.end()
        chunk = text[role_match.end() : chunk_end]
        if k + 1 == len(roles):
            cause = _CAUSE_START.search(chunk)
            chunk = chunk[: cause.start()] if cause else chunk
        chunk = re.sub(r"(?:因与|与|诉|及|和|、|，|,)+$", "", chunk)
        offset = role_match.end()
        for piece in re.split(r"、", chunk):
            name = _clean_name(piece)
            name_start = text.find(piece, offset)
            offset = name_start + len(piece) + 1
            if not name or not party_block.reads_as_name(name, ""):
                # words no rule knows after the name ("…有限公司因专利无效行政胶葛"): the organisation
                # the nlp pipeline names at the piece's start, if any
                named = organisation_starting_at(
                    text, name_start + len(piece) - len(piece.lstrip()), HISTORY_SENTENCE.search
                )
                if named is None:
                    continue
                name, name_start = named.text, named.start
            label = role_match.group("label")
            role = role_of(label)
            side, side_words = side_from_label(label, role)
            found.append(
                FoundParty(
                    name=name,
                    name_span=(name_start, name_start + len(name)),
                    role=role,
                    role_label=normalise_label(label),
                    label_span=(role_match.start(), role_match.end()),
                    side=side,
                    side_span=(role_match.start(), role_match.end()) if side_words else None,
                    kind=kind_of(name, ""),
                    uscc=None,
                    uscc_span=None,
                    address=None,
                    address_span=None,
                    representative=None,
                    representative_span=None,
                    warnings=(f"未找到当事人段，当事人「{name}」取自审理经过的首句，请核对原件。",),
                )
            )
    return found
