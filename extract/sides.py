"""On which side each party stands: the patentee's (rights_holder) or the side whose product
or conduct is accused (accused), or neither.

The label gives it in an infringement case (原告 / 上诉人（原审被告）, see
`extract.parties.side_from_label`); the cause changes how the label reads:
- a declaratory suit (确认不侵害专利权纠纷) or a suit over an earlier suit (恶意提起知识产权诉讼
  损害责任纠纷) is brought by the accused side, so the first-instance roles are reversed;
- an ownership, contract or inventorship dispute, or an invalidation or rejection case, has
  no accused product: no party has a side;
- an administrative case over an office's infringement ruling (行政判决书 on a 专利侵权纠纷
  处理决定) has the office as a party with no side, and the private parties' sides come from
  what the text says of them (the patentee, the party found to infringe).
A party whose side cannot be read keeps None, and the clerk is told.
The cause words are data: `patterns/party_sides.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

from extract.model import Party

Aliases = dict[str, tuple[str, ...]]

RULES = frozenset({"flipped", "none"})


def load_cause_rules() -> tuple[tuple[str, str], ...]:
    """(cause word, rule) from `party_sides.tsv`; checked on load."""
    text = resources.files("extract.patterns").joinpath("party_sides.tsv").read_text(encoding="utf-8")
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, rule = line.strip().partition("\t")
        if not word or rule not in RULES:
            raise ValueError(f"party_sides.tsv line {number}: expected 'word<TAB>flipped|none', got {line!r}")
        pairs.append((word, rule))
    return tuple(pairs)


CAUSE_RULES = load_cause_rules()

# An administrative case: "行政判决书", "行政裁定书", a case number of the 行 kind
# ("（2020）苏01行初262号", "（2019）最高法知行终5号", "（2010）知行字第6号").
ADMINISTRATIVE = re.compile(
    r"行\s*政\s*(?:判\s*决|裁\s*定|调\s*解)\s*书|[）)]\s*[^，。\s]{0,12}?行(?:初|终|再|申|提|监|赔|字)"
)

# What an administrative case is about, read from its title and history: an office's ruling
# on an infringement dispute ("专利侵权纠纷案件行政裁决", "专利侵权纠纷处理决定"), or the
# grant and validity of a patent ("无效宣告请求审查决定", "驳回复审").
ADMINISTRATIVE_INFRINGEMENT = re.compile(
    r"侵权纠纷|侵犯专利权|侵害专利权|处理决定|行政裁决|行政处理|责令停止"
)
ADMINISTRATIVE_VALIDITY = re.compile(
    r"无效宣告|宣告无效|无效审查|驳回复审|复审请求|复审决定|驳回决定|专利申请"
)

# An office or government body as a party in an administrative case: "南京市知识产权局",
# "国家知识产权局专利复审委员会", "国家知识产权局专利局复审和无效审理部", "某市市场监督管理局".
AUTHORITY = re.compile(r"(?:局|委员会|审理部|人民政府|办公室|管理处|管理所)$")


def side_rule(cause: str | None, opening: str) -> str:
    """How the sides of this case read: "normal", "flipped", "none" or "administrative".
    `opening` is the text up to the history's first sentences (title, parties, history)."""
    administrative = ADMINISTRATIVE.search(opening) is not None
    for word, rule in CAUSE_RULES:
        if cause and word in cause:
            return rule
    for word, rule in CAUSE_RULES:
        if rule == "flipped" and word in opening:
            return rule  # "…确认不侵害专利权纠纷一案" in the history when the cause was not read
    if administrative:
        if cause and re.search(r"侵权|侵害|侵犯|处理|裁决", cause):
            return "administrative"
        history = ADMINISTRATIVE_INFRINGEMENT.search(opening)
        validity = ADMINISTRATIVE_VALIDITY.search(opening)
        if history and not (validity and validity.start() < history.start()):
            return "administrative"
        return "none"
    return "normal"


def read_sides(
    text: str, parties: list[Party], aliases: Aliases, cause: str | None, opening: str
) -> tuple[list[Party], list[str]]:
    """The parties with their sides, and the doubts to tell the clerk."""
    rule = side_rule(cause, opening)
    if rule == "none":
        return [replace(p, side=None) for p in parties], []
    if rule == "administrative":
        parties = _administrative_sides(text, parties, aliases)
    else:
        if rule == "flipped":
            parties = [replace(p, side=_FLIP.get(p.side)) for p in parties]
        parties = _sides_from_text(text, parties, aliases)
    doubts = [
        f"无法从文书判断当事人「{p.name}」是权利人一方还是被诉方，请人工确认。"
        for p in parties
        if p.side is None
        and p.role != "third_party"
        and not (rule == "administrative" and AUTHORITY.search(p.name))
    ]
    return parties, doubts


_FLIP = {"rights_holder": "accused", "accused": "rights_holder", None: None}


def _sides_from_text(text: str, parties: list[Party], aliases: Aliases) -> list[Party]:
    """Give a side to parties whose label does not tell it (上诉人 without a bracket):
    the patentee is the rights holder; once one is known, the others are accused."""
    if all(p.side for p in parties):
        return parties
    result = []
    for p in parties:
        if p.side is None and p.role == "third_party":
            if _is_patentee(text, aliases[p.name]):
                p = replace(p, side="rights_holder")
        elif p.side is None:
            names = aliases[p.name]
            holder = any(
                re.search(
                    re.escape(n)
                    + r"[^。；]{0,20}(?:专利权人|是[^。]{0,30}专利的权利人|享有[^。]{0,30}专利权)",
                    text,
                )
                for n in names
            )
            holder = holder or any(re.search(r"专利权人(?:为|是)?" + re.escape(n), text) for n in names)
            p = replace(p, side="rights_holder" if holder else None)
        result.append(p)
    if any(p.side == "rights_holder" for p in result):
        # The others are accused only once the rights holder is known; else nobody is guessed.
        result = [
            replace(p, side="accused") if p.side is None and p.role != "third_party" else p for p in result
        ]
    return result


def _administrative_sides(text: str, parties: list[Party], aliases: Aliases) -> list[Party]:
    """An office's infringement ruling under review: the office has no side; a private party
    named as patentee or licensee is the rights holder, one found to infringe is accused; when
    one of the two is known, the other private parties stand on the other side."""
    private = [p for p in parties if not AUTHORITY.search(p.name)]
    sides: dict[str, str | None] = {}
    for holder in private:
        for accused in private:
            if holder is not accused and _complains_of(text, aliases[holder.name], aliases[accused.name]):
                sides[holder.name], sides[accused.name] = "rights_holder", "accused"
    for p in private:
        if p.name in sides:
            continue
        names = aliases[p.name]
        if _is_patentee(text, names) or _is_licensee(text, names):
            sides[p.name] = "rights_holder"
        elif _is_found_infringing(text, names):
            sides[p.name] = "accused"
    known = set(sides.values())
    if len(known) == 1:
        other = _FLIP[known.pop()]
        for p in private:
            sides.setdefault(p.name, other)
    return [replace(p, side=sides.get(p.name)) for p in parties]


def _is_patentee(text: str, names: tuple[str, ...]) -> bool:
    """Whether the text names the party (by any of `names`) among the patentees
    ("专利权人为海明康公司、海岸研究所", "胡某享有…发明专利权")."""
    for n in names:
        if (
            re.search(r"专利权人(?:为|是)?[^。；]{0,40}" + re.escape(n), text)
            or re.search(re.escape(n) + r"[^。；]{0,20}(?:共同)?(?:为|是|系)[^。；]{0,20}专利权人", text)
            or re.search(re.escape(n) + r"[^。；，,]{0,6}享有[^。；]{0,40}专利权", text)
        ):
            return True
    return False


def _complains_of(text: str, holders: tuple[str, ...], accused: tuple[str, ...]) -> bool:
    """Whether the first complains that the second infringes its patent:
    "西峡公司以天元公司制造、使用的设备侵犯其…专利权为由，请求榆林局处理"."""
    return any(
        re.search(re.escape(h) + r"以" + re.escape(a) + r"[^。；]{0,80}侵(?:犯|害)(?:了)?其", text)
        for h in holders
        for a in accused
    )


def _is_licensee(text: str, names: tuple[str, ...]) -> bool:
    """Whether the text names the party as licensee: "乙公司系涉案专利的独占实施被许可人",
    "许可乙公司独占实施"."""
    return any(
        re.search(re.escape(n) + r"[^。；]{0,30}被许可人", text)
        or re.search(r"许可" + re.escape(n) + r"[^。；]{0,10}实施", text)
        for n in names
    )


def _is_found_infringing(text: str, names: tuple[str, ...]) -> bool:
    """Whether the ruling under review found the party infringing: "认为：生命能公司在展销会上展出
    涉案产品，构成许诺销售行为", "责令甲公司立即停止侵权行为", "甲公司…侵犯了…专利权"."""
    for n in names:
        e = re.escape(n)
        if re.search(r"认为[：:，,]?" + e + r"[^。；]{0,60}构成(?:侵权|许诺销售|销售|制造|使用|进口)", text):
            return True
        if re.search(r"责令" + e + r"[^。；]{0,20}停止", text) or re.search(
            e + r"[^。；]{0,40}(?:侵犯|侵害)了?[^。；]{0,20}专利权", text
        ):
            return True
    return False
