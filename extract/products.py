"""The accused products: not every drug the text mentions.

A ruling names products in three ways: in a table (产品名称 | 规格 | 批准文号), in prose
("被诉侵权产品为承泰公司生产的利伐沙班片（规格：10mg，批准文号：国药准字H20963318）"), and in
the orders ("停止制造、销售…的利伐沙班片"). The patentee's own product is background
("对应的上市药品为请求人持有的利伐沙班片…"): its mentions are recognised by their cues and
their details are not given to the accused product of the same name.

Each name mention collects the details printed after it (up to the next mention in the same
paragraph). A name is accused when one of its mentions stands near an accused cue, or when
the document names products in its orders, or (failing cues) when a mention carries an
approval number, code or 受理号 and no background cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from extract import company_suffixes, product_specs
from extract.identifiers.approval_numbers import find_application_numbers, find_approval_numbers
from extract.identifiers.product_codes import find_product_codes
from extract.mentions import FoundProduct, Mention
from extract.model import Table
from extract.nlp import load_drug_lexicon, organisation_ending_at
from extract.product_tables import table_mentions
from extract.segments import Span

__all__ = ["FoundProduct", "Mention", "accused_products", "find_mentions", "packaging_stated_nearby"]

NameFinder = Callable[[str], list[tuple[int, int, str]]]
# The side of the party a maker's name stands for: "accused", "rights_holder", or None when
# the maker is not a party (a 案外人).
SideOf = Callable[[str], str | None]

# Cues that the product next to them is the accused one: 被诉侵权产品, 被控侵权产品, 涉案仿制药…
# Not 被仿制药 (the reference product a generic copies).
ACCUSED_CUE = re.compile(
    r"被诉(?:侵权)?(?:产品|药品|器械|仿制药)|被控(?:侵权)?(?:产品|药品)|侵权产品|涉案(?:仿制药|产品|药品|器械)|"
    r"(?<!被)仿制药|申请注册的|申报的|被请求人[^，。；]{0,20}(?:生产|制造|销售|申请)|被告[^，。；]{0,20}(?:生产|制造|销售)|"
    r"购买了|公证购买|侵害[^，。；]{0,40}专利权的"
)
# Cues that the product is the rights holder's own (background): 上市药品, 原研药, 参比制剂,
# 被仿制药, "原告的上市专利药品为“…”", "请求人持有的", "并持有已上市的".
BACKGROUND_CUE = re.compile(
    r"对应的上市药品|相关药品|上市(?:专利)?药品(?:为|是)|专利药品|原研|参比制剂|被仿制药|专利权人[^，。；]{0,10}(?:持有|生产|上市)|"
    r"持有(?:的)?已(?:在[^，。；]{0,6})?上市的|"
    r"(?<!被)(?:原告|请求人|上诉人|被上诉人)[^，。；]{0,12}(?:持有|生产|上市|自行实施)的|登记的(?:相关)?(?:上市)?药品|本身产品|自有产品"
)
# An act of the accused side after a background cue, which makes the name after it theirs:
# "以涉案原研药为参比制剂申报了利伐沙班片", "仿制原研药生产的".
ACCUSED_ACT = re.compile(r"申报了?|申请(?:注册)?了?|仿制(?:了|的)?|研制了|生产了|获批了?")
# Another maker's product: "案外人丙医药有限公司生产的利伐沙班片", "其他企业生产的".
OTHER_MAKER_CUE = re.compile(r"案外人|第三方|其他(?:企业|厂家|药企)|市场上(?:其他|同类)")
# Said not to be accused, after the name: "…，不是本案被诉产品", "并非被诉侵权产品".
NOT_ACCUSED_AFTER = re.compile(r"^[^。；]{0,40}?(?:不是|并非|不属于|不系)(?:本案)?(?:的)?被诉(?:侵权)?(?:产品|药品)")
# An item listed in an inspection record: "内有一次性使用静脉留置针一支、肝素帽一个" — a
# count right after the name, in a sentence about what was found or unpacked.
INSPECTION_CUE = re.compile(r"勘验|拆封|查获|清点|笔录|现场(?:发现|查看)|内有|内含|装有|附有|存放有|堆放有")
COUNT_AFTER = re.compile(r"^(?:[一二三四五六七八九十两百千\d]+(?:支|个|片|盒|台|套|份|箱|袋|只|件|把|根|条|张|瓶|板)|若干)")
# A trade name (商品名) in quotes or after its label: "商品名：安立伐", "“安立伐”牌",
# "商品名为“安立伐”的". A product known only by its trade name is named by it.
TRADE_NAME = re.compile(
    r"商品名(?:称)?(?:为|是)?[：:]?\s*[“\"]?(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"]?"
    r"|[“\"](?P<quoted>[\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"](?:牌|品牌|商标)"
)

# Details printed after a product name.
SPECIFICATION = re.compile(r"(?:规格型号|型号规格|剂量规格|规格|型号)(?:为|是)?[：:]?\s*(?P<value>[^，,。；;\n、]{1,40})")
# "包装：10mg×10片/盒", "包装为1台/盒（含试纸50条）" — not "包装盒上标注": the value starts with a number.
PACKAGING = re.compile(r"(?:包装规格|包装)(?:为|是)?[：:]?\s*(?P<value>[0-9０-９一二三四五六七八九十两每][^，,。；;\n]{0,40})")
# The last words of a maker's name: a legal form, 集团, 厂, 株式会社 … and Latin legal forms as
# whole words (Ltd., AG), from extract/patterns/company_suffixes.tsv. Not the institutes'
# words: the shortest name is taken, and "…研究院有限公司" must not end at 研究院.
MAKER_END = (
    f"{company_suffixes.chinese(company_suffixes.LEGAL, company_suffixes.COMPANY)}"
    f"|{company_suffixes.latin(company_suffixes.LEGAL)}"
)
MANUFACTURER = re.compile(
    r"(?:(?:药品)?(?:上市许可持有人|注册人)(?:[及和、/](?:生产企业|生产厂家))?|生产企业|生产厂家|生产商|制造商)"
    r"(?:均)?(?:为|是)?[：:]?\s*"
    rf"(?P<value>[^，,。；;）)\n“”]{{2,60}}?(?:{MAKER_END}))"
)
# Device names printed by rulings: "一次性使用吻合器", "药物洗脱冠脉支架系统"
# Head nouns of device names, longest first where one contains another.
DEVICE_HEADS = (
    "吻合器|缝合器|留置针|支架系统|支架|导管|球囊|导丝|穿刺针|注射器|注射笔|输液器|输注泵|缝合线|"
    "敷料|补片|人工晶状体|试剂盒|监护仪|呼吸机|雾化器|血糖仪|血压计|假体|螺钉|钢板|骨板|植入物|闭合夹|止血夹|套管|鞘管|"
    "封堵器|起搏器|滤器|过滤器|敷贴|手术刀|刀头|电极|探头|内窥镜|修补片|栓塞|弹簧圈|人工关节|接骨板|采血针|采血管|透析器|"
    "氧合器|消融导管|检测仪|治疗仪|手术器械|止血材料"
)
# Device names printed by rulings: "一次性使用吻合器", "药物洗脱冠脉支架系统", and compound
# names whose first head is not the last: "冠状动脉球囊扩张导管", "导丝导管鞘".
DEVICE_NAME = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff（）]{{0,20}}?)(?P<head>{DEVICE_HEADS})(?:[\u4e00-\u9fff]{{0,3}}?(?:{DEVICE_HEADS}))*"
    r"(?:及(?:其)?(?:钉仓组件|钉仓|组件|配件|附件|钉匣))?(?:[（(](?!型号|规格)[^）)]{1,8}[）)])?"
)
# The next item of a list of models or strengths after 、: "VP-200", "80mg", "31G×5mm"
LIST_CONTINUES = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-×*/]*(?:[a-zA-Zμ]|型|号)")
# The next part of a packaging after a comma: "，10袋/盒"
PACK_CONTINUES = re.compile(r"\d+[\u4e00-\u9fff]{1,2}/[\u4e00-\u9fff]")
# An approval number or 受理号 ahead of a drug name found by its shape.
APPROVAL_AHEAD = re.compile(r"国药准字|受理号|械(?:注|备)")


@lru_cache(maxsize=1)
def _unknown_drug_pattern() -> re.Pattern[str]:
    """Ingredient words the dictionary does not know + a known dosage form: "阿帕他胺片"."""
    forms = sorted(load_drug_lexicon().forms, key=len, reverse=True)
    return re.compile(r"(?P<prefix>[\u4e00-\u9fff]{2,12}?)(?P<form>" + "|".join(map(re.escape, forms)) + r")(?![\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def _form_anywhere() -> re.Pattern[str]:
    """A known dosage form anywhere: "片" in "利伐沙班片"."""
    return re.compile("|".join(map(re.escape, sorted(load_drug_lexicon().forms, key=len, reverse=True))))


# A device head noun anywhere: "吻合器" in "一次性使用吻合器".
DEVICE_HEAD = re.compile(DEVICE_HEADS)


def _matches(pattern: re.Pattern[str], needed: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, or nothing at once when `needed`, a part every match
    contains, is not in `text`. The two name shapes try up to 12 (20) prefix lengths before
    each of 120 forms (50 device heads) at every character: 0.2-0.5 ms a paragraph, most of
    the reading of a 100,000-paragraph DOCX, though few paragraphs name a form or device."""
    return pattern.finditer(text) if needed.search(text) else iter(())


# Characters that may follow a bare device head that is a product name ("血糖仪实物一台").
BARE_HEAD_MAY_PRECEDE = "及一两二三四五六七八九十实产等型"
# A device's registration number: 国械注准20963020118, 苏械注准…, 粤械备… (only devices have 械).
DEVICE_APPROVAL = re.compile(r"械(?:注|备)")
# A labelled name: "产品名称一次性使用静脉留置针，" / "药品名称：利伐沙班片"
LABELLED_NAME = re.compile(r"(?:产品名称|药品名称|通用名称|器械名称)(?:为|是)?[：:]?\s*(?P<name>[^，,。；;（(\n“”：:、]{2,30})")
# Words that cannot start a product name: "取得康迈瑞公司生产的一次性使用…吻合器" is cut after 的.
NAME_LEFT_CUT = re.compile(r".*(?:的|了|为|是|在|将|把|从|对|向|即|系|称|有(?!限)|购买|销售|生产|制造|[：:“”、，,])")
# The maker printed just before a name: "蜀源康公司制造的醋酸阿比特龙片"
MAKER_BEFORE = re.compile(
    r"(?P<maker>[\u4e00-\u9fff（）()A-Za-z]{2,40}?)(?:未经(?:许可|授权))?(?:制造|生产|研制)[、和及销售许诺进口]*的$"
)
# The paragraphs that may name a maker before a product: the NLP pipeline reads only these.
MAKER_CUE = re.compile(r"(?:制造|生产|研制)[、和及销售许诺进口]*的")
# Codes the procurement platforms give: "挂网编码：JSYP2097004518", "产品ID 100234"
PLATFORM_CODE = re.compile(
    r"(?:挂网编码|挂网产品编码|产品编码|平台编码|采购平台编码|平台产品编码|挂网产品ID|产品ID|挂网ID|药品本位码|本位码)"
    r"(?:分别)?(?:为|是)?[：:]?\s*(?P<code>[A-Za-z0-9][A-Za-z0-9-]{4,29})(?P<more>(?:[、和及,，]\s*[A-Za-z0-9][A-Za-z0-9-]{4,29})*)"
)
# A quoted name right after an accused cue: 被诉侵权产品“XX牌一次性使用吻合器”
QUOTED_AFTER_CUE = re.compile(
    r"(?:被诉侵权产品|被控侵权产品|涉案产品|被诉产品)(?:为|是|即|系)?(?:名称为|名为|[：:])?“(?P<name>[^”\n，,。；;]{2,30})”"
)

def find_mentions(text: str, paragraphs: Sequence[Span], tables: Sequence[Table], find_names: NameFinder) -> list[Mention]:
    """Every product-name mention, with the details printed after it."""
    mentions: list[Mention] = []
    table_rows: set[Span] = set()
    for table in tables:
        mentions.extend(table_mentions(text, table, find_names))
        for row in table.cells:
            if row:
                table_rows.add((row[0][0], row[-1][1]))
    for number, (start, end) in enumerate(paragraphs):
        if any(rs <= start and end <= re_ for rs, re_ in table_rows):
            continue
        paragraph = text[start:end]
        names = _names_in(paragraph, find_names)
        for index, (ns, ne, name) in enumerate(names):
            scope_end = names[index + 1][0] if index + 1 < len(names) else len(paragraph)
            scope_end = _scope_end(paragraph, ne, min(scope_end, ne + 220))
            mention = Mention(name, (start + ns, start + ne))
            _collect_details(text, mention, start + ne, start + scope_end)
            if KEY_VALUE_ROW.match(paragraph) and scope_end == len(paragraph):
                # a two-column table read by OCR as "label value" lines: the record's next rows
                for row_start, row_end in paragraphs[number + 1 : number + 9]:
                    if not KEY_VALUE_ROW.match(text[row_start:row_end]):
                        break
                    _collect_details(text, mention, row_start, row_end)
            elif scope_end == len(paragraph) and _cut_mid_sentence(paragraph) and number + 1 < len(paragraphs):
                # a line break the reader did not join: "…申报挂网的沙库巴曲缬沙坦钠片，" + "规格100mg，…"
                following_start, following_end = paragraphs[number + 1]
                following = text[following_start:following_end]
                _collect_details(text, mention, following_start, following_start + _scope_end(following, 0, min(len(following), 220)))
            maker = MAKER_BEFORE.search(paragraph[max(0, ns - 40) : ns])
            if maker:
                maker_start = start + max(0, ns - 40) + maker.start("maker")
                value = NAME_LEFT_CUT.sub("", maker.group("maker")) or maker.group("maker")
                maker_start += len(maker.group("maker")) - len(value)
                mention.maker_hint = (value, (maker_start, maker_start + len(value)))
                named = organisation_ending_at(text, maker_start + len(value), MAKER_CUE.search)
                if named is not None:  # the name's own bounds (nlp): "取得康迈诺公司" → 康迈诺公司
                    mention.maker_hint = (named.text, (named.start, named.end))
            sentence_start = max(paragraph.rfind("。", 0, ns), paragraph.rfind("；", 0, ns), -1) + 1
            before = paragraph[max(sentence_start, ns - 60) : ns]
            after = paragraph[ne : ne + 60]
            mention.named = product_specs.specs_before_name(before)
            _read_cues(mention, before, after)
            mention.inspected = bool(COUNT_AFTER.match(after) and INSPECTION_CUE.search(paragraph[sentence_start:ns]))
            mentions.append(mention)
    return mentions


# A row of a two-column table as OCR reads it, label, a space, the value:
# "仿制药规格 80mg（按C28H33N7O2计）", "仿制药名称 甲磺酸奥希替尼片" (not a sentence: no 。 inside).
KEY_VALUE_ROW = re.compile(r"^[\u4e00-\u9fff]{2,8}[ \t\u3000]+[^\s。][^。]{0,58}$")


def _cut_mid_sentence(paragraph: str) -> bool:
    """A paragraph that ends inside a sentence, at a comma or an enumeration mark."""
    return paragraph.rstrip()[-1:] in ("，", ",", "、")


def _read_cues(mention: Mention, before: str, after: str) -> None:
    """Whose product a mention is, from the words around it: the cue nearest the name wins
    ("以原研药为参比制剂申报了利伐沙班片" is the accused generic, not the reference product)."""
    accused = list(ACCUSED_CUE.finditer(before))
    background = list(BACKGROUND_CUE.finditer(before))
    clause = re.split(r"[，,]", before)[-1]
    mention.accused = bool(accused or re.match(r"[）)]?(?:产品)?(?:系|为|即)?被诉", after))
    if background:
        last = background[-1]
        acted = ACCUSED_ACT.search(before, last.end())
        nearer = accused and accused[-1].start() > last.start()
        mention.background = not acted and not nearer and not re.search(r"被诉|被控|(?<!被)仿制", before[-20:])
    if OTHER_MAKER_CUE.search(clause) or NOT_ACCUSED_AFTER.match(after):
        mention.other = True
        mention.accused = False


def _scope_end(paragraph: str, name_end: int, limit: int) -> int:
    """Where the details of the name ending at `name_end` stop: at `limit`, or at the start of
    the clause that turns to the rights holder's or another maker's product ("涉案专利对应的原研药
    为…", "案外人丙公司生产的…"), whose numbers are not this product's."""
    scope = paragraph[name_end:limit]
    cues = [m.start() for m in (BACKGROUND_CUE.search(scope), OTHER_MAKER_CUE.search(scope)) if m]
    if not cues:
        return limit
    cue = min(cues)
    clause = max(scope.rfind(mark, 0, cue) for mark in "，,。；;")
    return name_end + max(clause, 0)


def accused_products(
    mentions: list[Mention],
    operative: str | None,
    has_accused_cue: bool,
    text: str = "",
    side_of: SideOf | None = None,
) -> list[FoundProduct]:
    """Merge mentions by name into the accused products, in order of first mention.

    `side_of` tells whose a maker's name is: a mention made by the rights holder is background,
    one made by a non-party (and not itself cued as accused) is another maker's product; neither
    gives details to the accused product of the same name. The strengths or models kept are those
    the order or the finding names, when it names some (see `extract.product_specs`)."""
    operative = operative or ""
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.name:
            by_name.setdefault(m.name, []).append(m)
    for group in by_name.values():
        _whose(group, side_of)
    unnamed = [m for m in mentions if not m.name and m.accused and not m.background]

    chosen: list[tuple[str, list[Mention]]] = []
    for name, group in by_name.items():
        in_orders = name in operative
        usable = [m for m in group if not (m.background or m.other or m.inspected)]
        accused = in_orders or any(m.accused for m in usable)
        if not usable:
            continue
        if not accused:
            has_details = any(m.approvals or m.application or m.codes for m in usable)
            if not has_details or (has_accused_cue and any(m.background or m.other for m in group)):
                continue
        chosen.append((name, usable))

    # A name that is a part of a longer chosen name (利伐沙班 vs 利伐沙班片) is the same product.
    names = [n for n, _ in chosen]
    chosen = [
        (n, g)
        for n, g in chosen
        if not (any(n != other and n in other for other in names) and not any(m.approvals or m.application for m in g))
    ]

    if len(chosen) == 1:  # a comparison table's column "被诉侵权产品" that prints no name
        chosen[0][1].extend(unnamed)
    claimed, excluded = product_specs.claimed_and_excluded(text)
    products = []
    for name, group in chosen:
        first = min(group, key=lambda m: m.span[0])
        specification, approvals, dropped = _kept_specs(name, group, operative, claimed if len(chosen) == 1 else [], excluded)
        products.append(
            FoundProduct(
                name=name,
                name_span=first.span,
                specification=specification,
                packaging=_first(m.packaging for m in group),
                manufacturer=_first(m.manufacturer for m in group),
                approvals=approvals,
                application=_first(m.application for m in group),
                codes=tuple(_unique(c for m in group for c in m.codes)),
                finding=_first(m.finding for m in group),
                maker_hint=_first(m.maker_hint for m in group),
                dropped=dropped,
            )
        )
    return products


def _whose(group: list[Mention], side_of: SideOf | None) -> None:
    """Mark the mentions of one name made by the rights holder as background, and those made by
    a maker who is not a party as another maker's when the same name is also made by an accused
    party ("被诉侵权产品为乙公司生产的X … 案外人丙公司生产的X"); not a mention cued as accused
    (a distributor may be accused of selling a non-party's product)."""
    if side_of is None:
        return
    sides: list[tuple[Mention, str | None]] = []
    for mention in group:
        for maker in (mention.maker_hint, mention.manufacturer):
            if maker is not None and _company_like(maker[0]):
                sides.append((mention, side_of(maker[0])))
    accused_maker = any(side == "accused" for _, side in sides)
    for mention, side in sides:
        if side == "rights_holder":
            mention.background = True
        elif side is None and accused_maker and not mention.accused:
            mention.other = True


def _company_like(words: str) -> bool:
    """A maker's own name ("丙医药有限公司", "丙公司"), not a pronoun ("我公司", "该公司")."""
    if re.match(r"(?:我|本|该|其|贵|对方|上述|前述|各|两|二)(?:家)?(?:公司|厂)", words):
        return False
    return bool(re.search(MAKER_END, words))


def _kept_specs(
    name: str, group: list[Mention], operative: str, claimed: list[str], excluded: list[str]
) -> tuple[tuple[str, Span] | None, tuple[tuple[str, Span], ...], tuple[str, ...]]:
    """The specification (items joined by 、) and approval numbers of a product: every item
    printed for it, limited to those the order or finding names, without those said not to be
    accused; an approval number of a dropped item is dropped with it, and so is one that cannot
    be told apart when items were dropped."""
    printed = [i for m in group if not m.certificate for i in m.items]
    if not printed:
        printed = [i for m in group for i in m.items]
    named = [i for m in group if m.accused for i in m.named]
    named += _order_specs(operative, name) + claimed
    items = product_specs.keep(printed, named, excluded)
    span = _first(m.specification for m in group)
    specification = None
    if items:
        joined = product_specs.join_items(items) or ""
        specification = (joined, span[1] if span else group[0].span)
    elif span and not printed:
        specification = span
    narrowed = len(items) < len({i for i in printed})
    approvals, dropped = [], []
    for m in group:
        for value, at in m.approvals:
            item = m.paired.get(value)
            if "械" in value:
                approvals.append((value, at))  # one registration certificate covers every model
            elif item is not None and items and not any(product_specs.same_item(item, k) for k in items):
                dropped.append(value)
            elif item is None and narrowed and len(m.items) > 1:
                dropped.append(value)  # several strengths, one dropped: whose number is this?
            else:
                approvals.append((value, at))
    kept = tuple(_unique(approvals))
    return specification, kept, tuple(v for v in dict.fromkeys(dropped) if v not in {a for a, _ in kept})


def _order_specs(operative: str, name: str) -> list[str]:
    """Specifications the order names for this product: "停止销售规格为5mg、7.5mg的利伐沙班片",
    "…利伐沙班片（规格10mg）"."""
    items: list[str] = []
    for m in re.finditer(re.escape(name), operative):
        clause_start = max(operative.rfind(mark, 0, m.start()) for mark in "；;。\n") + 1
        items += product_specs.specs_before_name(operative[max(clause_start, m.start() - 60) : m.start()])
        after = re.match(r"[（(](?:规格型号|型号规格|规格|型号)(?:为|是)?[：:]?(?P<value>[^）)，,；;]{1,40})", operative[m.end() :])
        if after:
            items += product_specs.split_items(after.group("value"))
    return items


def _names_in(paragraph: str, find_names: NameFinder) -> list[tuple[int, int, str]]:
    names = list(find_names(paragraph))
    if CLAIM_TEXT.match(paragraph):
        return []  # a claim's wording names the invention, not a product
    known = [(s, e) for s, e, _ in names]
    for m in _matches(_unknown_drug_pattern(), _form_anywhere(), paragraph):
        cut = NAME_LEFT_CUT.match(m.group("prefix"))
        start = m.start() + (cut.end() if cut else 0)
        if m.end() - start < 3 or any(s <= start < e or s < m.end() <= e for s, e in known):
            continue
        if re.search(r"[一二三四五六七八九十两百\d]$", paragraph[start : m.start("form")]):
            continue  # a count, not a name: "透明敷贴一片"
        if _device_context(paragraph, start, m.end(), APPROVAL_AHEAD):
            names.append((start, m.end(), paragraph[start : m.end()]))
    for m in _matches(DEVICE_NAME, DEVICE_HEAD, paragraph):
        cut = NAME_LEFT_CUT.match(m.group("prefix"))  # never inside the head noun (支架系统)
        start = m.start() + (cut.end() if cut else 0)
        while start < m.end() and paragraph[start] in "（()）":
            start += 1
        following = paragraph[m.end() : m.end() + 1]
        if start == m.start("head") and following and "\u4e00" <= following <= "\u9fff" and following not in BARE_HEAD_MAY_PRECEDE:
            continue  # a bare head inside a longer word: 支架直径, 导管座
        if m.end() - start >= 2 and _device_context(paragraph, start, m.end()):
            names.append((start, m.end(), paragraph[start : m.end()]))
    for m in LABELLED_NAME.finditer(paragraph):
        names.append((m.start("name"), m.end("name"), m.group("name")))
    for m in QUOTED_AFTER_CUE.finditer(paragraph):
        names.append((m.start("name"), m.end("name"), m.group("name")))
    names.extend(_trade_names(paragraph, names))
    names.sort(key=lambda n: (n[0], -(n[1] - n[0])))
    kept: list[tuple[int, int, str]] = []
    for n in names:
        if kept and n[0] < kept[-1][1]:
            continue  # overlapping: the earlier, longer one wins
        kept.append(n)
    return [(s, e, _trim_name(name)) for s, e, name in kept if _trim_name(name)]


def _trade_names(paragraph: str, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Trade names that are the only name of an accused product ("被诉侵权产品为乙公司生产的
    “安立伐”牌药品"): not one printed beside a generic or device name ("“安立伐”利伐沙班片",
    "利伐沙班片（商品名：安立伐）"), which names the product already."""
    found = []
    for m in TRADE_NAME.finditer(paragraph):
        group = "name" if m.group("name") else "quoted"
        start, end = m.start(group), m.end(group)
        if any(s - 12 <= end and start <= e + 12 for s, e, _ in names):
            continue
        sentence_start = max(paragraph.rfind("。", 0, start), paragraph.rfind("；", 0, start), -1) + 1
        before = paragraph[max(sentence_start, start - 40) : start]
        if ACCUSED_CUE.search(before) or re.search(r"停止[^。；]{0,60}$", before):
            found.append((start, end, m.group(group)))
    return found


# Words of claim comparison: the name after them is a technical feature, not a product.
CLAIM_WORDS = re.compile(r"权利要求|技术特征|特征在于|所述|是否具备|具备|包括|设有|设于|含有|[“「]$")
# A claim's wording: "权利要求1为：一种防针刺伤的安全型静脉留置针，包括…"
CLAIM_TEXT = re.compile(r"^\s*(?:涉案专利)?(?:独立)?权利要求\d*")


def _device_context(paragraph: str, start: int, end: int, ahead: re.Pattern[str] | None = None) -> bool:
    """A name found by its shape (a device head, or an unknown ingredient + dosage form)
    counts as a product name only where products are named: before its registration or
    approval number, after an accused cue, or in an order to stop."""
    after = paragraph[end : end + 90]
    number = (ahead or DEVICE_APPROVAL).search(after)
    if number and not re.search(r"[。；]", after[: number.start()]):
        return True
    before = paragraph[max(0, start - 30) : start]
    if CLAIM_WORDS.search(before):
        return False  # "被诉侵权产品是否具备权利要求1中“弹性夹片”", "包括穿刺套管、穿刺芯和设于…"
    if re.search(r"被诉(?:侵权)?产品[一二三四五六七八九十\d]*(?:为|是|即|系)?[^，,。；;]{0,16}$|停止[^。；;]{0,60}$|侵[犯害][^。；;]{0,60}的$|购买了?[^，,。；;]{0,12}$|取得[^，,。；;]{0,16}$", before):
        return True
    return bool(re.match(r"[（(](?:型号|规格)", paragraph[end : end + 4]))


# Words that refer back to products instead of naming one: "两款雾化器", "上述产品", "该支架"
REFERRING_PREFIX = re.compile(r"^(?:的|为|是|及|和|与|、|将|其|该|系|上述|前述|各|[两二三四五六七八九十\d]+(?:款|种|批|个|类))+")


def _trim_name(name: str) -> str:
    trimmed = name.strip()
    if re.match(r"^(?:上述|前述|该|各|[两二三四五六七八九十\d]+(?:款|种|批|个|类))", trimmed):
        return ""  # a reference back, not a name
    return REFERRING_PREFIX.sub("", trimmed)


def _collect_details(text: str, mention: Mention, start: int, end: int) -> None:
    scope = text[start:end]
    for pattern, attr in ((SPECIFICATION, "specification"), (PACKAGING, "packaging"), (MANUFACTURER, "manufacturer")):
        m = pattern.search(scope)
        if m and getattr(mention, attr) is None:
            value_start = start + m.start("value")
            # "1把/袋、10袋/箱" is one packaging; "5mg、10mg" are two specifications
            limit = min(end, value_start + 60) if attr == "specification" else min(end + 40, value_start + 60)
            value = _value_at(text, value_start, limit, attr != "packaging").rstrip("的")
            if attr == "specification":
                items = product_specs.split_items(value)
                value = product_specs.join_items(items) or ""
                at = text.find(items[0], value_start, limit) if items else -1
                value_start = at if at >= 0 else value_start
                mention.items = items
                mention.certificate = product_specs.is_certificate_list(text[max(start - 40, 0) : start + m.start()])
            if value:
                value_end = value_start + len(value)
                if attr == "specification" and len(mention.items) > 1:
                    last = text.find(mention.items[-1], value_start, limit)
                    value_end = last + len(mention.items[-1]) if last >= 0 else value_end
                setattr(mention, attr, (value, (value_start, value_end)))
    for f in find_approval_numbers(scope):
        mention.approvals.append((f.value, (start + f.start, start + f.end)))
    _pair(mention, scope, start)
    apps = find_application_numbers(scope)
    if apps and mention.application is None:
        mention.application = (apps[0].value, (start + apps[0].start, start + apps[0].end))
    for f in find_product_codes(scope):
        mention.codes.append((f.value, (start + f.start, start + f.end)))
    for m in PLATFORM_CODE.finditer(scope):
        mention.codes.append((m.group("code"), (start + m.start("code"), start + m.end("code"))))
        for more in re.finditer(r"[A-Za-z0-9][A-Za-z0-9-]{4,29}", m.group("more")):
            at = start + m.start("more") + more.start()
            mention.codes.append((more.group(0), (at, at + len(more.group(0)))))


# A strength with its own approval number in brackets: "10mg（国药准字H20960022）",
# "15mg（批准文号：国药准字H20960023）" — an item of a list of strengths the maker holds.
STRENGTH_WITH_NUMBER = re.compile(
    rf"(?P<item>{product_specs.ITEM})\s?[（(](?:批准文号|注册证(?:编?号)?)?(?:为|是)?[：:]?\s?(?=国药|[国{''.join('京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵黔云滇藏陕甘青宁新')}]械)"
)


def _pair(mention: Mention, scope: str, start: int) -> None:
    """Which item each approval number belongs to: "10mg（国药准字…）、20mg（国药准字…）";
    "规格分别为A、B，批准文号分别为X、Y" in order; a single item owns every number."""
    bracketed = list(STRENGTH_WITH_NUMBER.finditer(scope))
    if bracketed:
        for m in bracketed:
            if not any(product_specs.same_item(m.group("item"), i) for i in mention.items):
                mention.items.append(m.group("item"))
        for value, (a, _) in mention.approvals:
            owner = [m for m in bracketed if m.end() <= a - start]
            if owner:
                mention.paired[value] = owner[-1].group("item")
        if mention.specification is None:
            first = bracketed[0]
            joined = product_specs.join_items(mention.items) or first.group("item")
            mention.specification = (joined, (start + first.start("item"), start + first.end("item")))
        return
    numbers = [v for v, _ in mention.approvals]
    if len(mention.items) == 1:
        mention.paired.update({v: mention.items[0] for v in numbers})
    elif len(mention.items) > 1 and len(numbers) == len(mention.items) and "分别" in scope:
        mention.paired.update(dict(zip(numbers, mention.items, strict=True)))


def packaging_stated_nearby(text: str, position: int) -> tuple[str, Span] | None:
    """A packaging stated once for several products after them ("包装均为1支/袋，10袋/盒")."""
    m = re.compile(r"包装(?:规格)?均(?:为|是)[：:]?").search(text, position, position + 500)
    if not m:
        return None
    value = _value_at(text, m.end(), m.end() + 40, list_separator=False)
    return (value, (m.end(), m.end() + len(value))) if value else None


def _value_at(text: str, start: int, limit: int, list_separator: bool = True) -> str:
    """The value printed from `start`: up to a comma, full stop or line end outside brackets,
    or an unbalanced closing bracket. A bracket whose content holds a comma is a description,
    not part of the value ("MK-R3018（支架直径3.0mm，长度18mm）" → "MK-R3018")."""
    depth, bracket_at = 0, None
    for i in range(start, min(limit, len(text))):
        ch = text[i]
        if ch in "（(":
            if depth == 0:
                bracket_at = i
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return text[start:i].strip()
            depth -= 1
        elif ch in "“”\"…":
            return text[start:i].strip()
        elif ch == "、" and LIST_CONTINUES.match(text, i + 1):
            continue  # a list of models or strengths: "VP-100、VP-200", "40mg、80mg"
        elif ch in "，,。；;\n" or (ch == "、" and list_separator):
            if depth == 0:
                if not list_separator and ch in "，," and PACK_CONTINUES.match(text, i + 1):
                    continue  # "1支/袋，10袋/盒" is one packaging
                return text[start:i].strip()
            if ch in "，,；;。\n":
                return text[start:bracket_at].strip()
    return text[start : min(limit, len(text))].strip()


def _balanced(value: str) -> str:
    """`value` cut before its first closing bracket that has no opening one."""
    depth = 0
    for i, ch in enumerate(value):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return value[:i].strip()
            depth -= 1
    return value


def _first(values):
    return next((v for v in values if v is not None), None)


def _unique(pairs):
    seen = set()
    for value, span in pairs:
        if value not in seen:
            seen.add(value)
            yield value, span


# A sentence about the accused side's product or its papers: the accused cue, or words of an
# evidence list or inspection record ("证据3为药品注册证书", "包装盒上印有") — where a number
# printed without a product name is still the accused product's.
PAPERS_CUE = re.compile(r"注册证书|注册证|批准证明文件|批件|证据\d*|包装|标签|说明书|查询结果|持有")


def loose_numbers(
    text: str,
    paragraphs: Sequence[Span],
    tables: Sequence[Table],
    mentions: Sequence[Mention],
    products: Sequence[FoundProduct],
) -> list[tuple[str, Span, str]]:
    """Approval numbers that are neither an accused product's nor printed for the rights
    holder's or another maker's product (in an evidence list, a quoted record, an inspection,
    after a name that is not a product), with the sentence that holds each; not those in a
    sentence about the rights holder's or another maker's product."""
    rows = [(row[0][0], row[-1][1]) for table in tables for row in table.cells if row]
    taken = {span for p in products for _, span in p.approvals}
    taken |= {span for m in mentions if m.background or m.other for _, span in m.approvals}
    loose = []
    for start, end in paragraphs:
        if any(rs <= start and end <= re_ for rs, re_ in rows):
            continue  # a table's numbers are its rows' (a 登记的上市药品 row is the patentee's)
        paragraph = text[start:end]
        for f in find_approval_numbers(paragraph):
            span = (start + f.start, start + f.end)
            if span in taken:
                continue
            s = max(paragraph.rfind(mark, 0, f.start) for mark in "。；;") + 1
            e = min((i for i in (paragraph.find(mark, f.end) for mark in "。；;") if i >= 0), default=len(paragraph))
            sentence = paragraph[s:e]
            if BACKGROUND_CUE.search(sentence) or OTHER_MAKER_CUE.search(sentence):
                continue
            loose.append((f.value, span, sentence))
    return loose


def attach_loose_numbers(
    products: list[FoundProduct], loose: Sequence[tuple[str, Span, str]], names_accused: Callable[[str], bool]
) -> tuple[list[FoundProduct], list[str]]:
    """Give a loose number to the one accused product of its kind (drug or device) that has
    none, when its sentence names that product, an accused cue or an accused party with words of
    papers (注册证书, 证据, 包装…). Returns the products and the numbers left unattributed."""
    left: list[str] = []
    products = list(products)
    for value, span, sentence in loose:
        device = "械" in value
        fits = [i for i, p in enumerate(products) if _is_device(p.name) == device]
        if len(fits) != 1:
            left.append(value)
            continue
        index = fits[0]
        product = products[index]
        if product.approvals or value in product.dropped:
            if value not in {a for a, _ in product.approvals} and value not in product.dropped:
                left.append(value)
            continue
        tied = product.name in sentence or ACCUSED_CUE.search(sentence) or (names_accused(sentence) and PAPERS_CUE.search(sentence))
        if tied:
            products[index] = FoundProduct(**{**product.__dict__, "approvals": ((value, span),)})
        else:
            left.append(value)
    left += [value for p in products for value in p.dropped]
    return products, list(dict.fromkeys(left))


def _is_device(name: str) -> bool:
    return bool(re.search(DEVICE_HEADS, name)) and not _unknown_drug_pattern().search(name)
