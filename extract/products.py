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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extract import company_suffixes
from extract.identifiers.approval_numbers import find_application_numbers, find_approval_numbers
from extract.identifiers.product_codes import find_product_codes
from extract.model import Table
from extract.nlp import load_drug_lexicon
from extract.segments import Span

NameFinder = Callable[[str], list[tuple[int, int, str]]]

# Cues that the product next to them is the accused one: 被诉侵权产品, 被控侵权产品, 涉案仿制药…
ACCUSED_CUE = re.compile(
    r"被诉(?:侵权)?(?:产品|药品|器械|仿制药)|被控(?:侵权)?(?:产品|药品)|侵权产品|涉案(?:仿制药|产品|药品|器械)|"
    r"仿制药|申请注册的|申报的|被请求人[^，。；]{0,20}(?:生产|制造|销售|申请)|被告[^，。；]{0,20}(?:生产|制造|销售)|"
    r"购买了|公证购买|侵害[^，。；]{0,40}专利权的"
)
# Cues that the product is the rights holder's own (background): 上市药品, 原研药, 参比制剂…
BACKGROUND_CUE = re.compile(
    r"对应的上市药品|相关药品|上市药品为|原研|参比制剂|专利权人[^，。；]{0,10}(?:持有|生产|上市)|"
    r"(?<!被)(?:原告|请求人|上诉人|被上诉人)[^，。；]{0,12}(?:持有|生产|上市|自行实施)的|登记的(?:相关)?药品|本身产品|自有产品"
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
    r"(?:及(?:其)?(?:钉仓组件|钉仓|组件|配件|附件|钉匣))?(?:（[^）]{1,8}）)?"
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


# Characters that may follow a bare device head that is a product name ("血糖仪实物一台").
BARE_HEAD_MAY_PRECEDE = "及一两二三四五六七八九十实产等型"
# A device's registration number: 国械注准20963020118, 苏械注准…, 粤械备… (only devices have 械).
DEVICE_APPROVAL = re.compile(r"械(?:注|备)")
# A labelled name: "产品名称一次性使用静脉留置针，" / "药品名称：利伐沙班片"
LABELLED_NAME = re.compile(r"(?:产品名称|药品名称|通用名称|器械名称)(?:为|是)?[：:]?\s*(?P<name>[^，,。；;（(\n“”：:、]{2,30})")
# Words that cannot start a product name: "取得康迈瑞公司生产的一次性使用…吻合器" is cut after 的.
NAME_LEFT_CUT = re.compile(r".*(?:的|了|为|是|在|将|把|从|对|向|即|系|称|购买|销售|生产|制造|[：:“”、，,])")
# The maker printed just before a name: "蜀源康公司制造的醋酸阿比特龙片"
MAKER_BEFORE = re.compile(
    r"(?P<maker>[\u4e00-\u9fff（）()A-Za-z]{2,40}?)(?:未经(?:许可|授权))?(?:制造|生产|研制)[、和及销售许诺进口]*的$"
)
# Codes the procurement platforms give: "挂网编码：JSYP2097004518", "产品ID 100234"
PLATFORM_CODE = re.compile(
    r"(?:挂网编码|挂网产品编码|产品编码|平台编码|采购平台编码|平台产品编码|挂网产品ID|产品ID|挂网ID|药品本位码|本位码)"
    r"(?:分别)?(?:为|是)?[：:]?\s*(?P<code>[A-Za-z0-9][A-Za-z0-9-]{4,29})(?P<more>(?:[、和及,，]\s*[A-Za-z0-9][A-Za-z0-9-]{4,29})*)"
)
# A quoted name right after an accused cue: 被诉侵权产品“XX牌一次性使用吻合器”
QUOTED_AFTER_CUE = re.compile(
    r"(?:被诉侵权产品|被控侵权产品|涉案产品|被诉产品)(?:为|是|即|系)?(?:名称为|名为|[：:])?“(?P<name>[^”\n，,。；;]{2,30})”"
)

# Table headers that name a product column / detail columns.
NAME_HEADER = re.compile(r"产品名称|药品名称|通用名|名称|品名|器械名称|注册证产品名称")
SPEC_HEADER = re.compile(r"规格|型号")
PACK_HEADER = re.compile(r"包装")
MAKER_HEADER = re.compile(r"生产企业|生产厂家|上市许可持有人|注册人|制造商")
CODE_HEADER = re.compile(r"编码|代码|产品ID")
FINDING_HEADER = re.compile(r"是否(?:侵权|落入)|比对结论|认定|结论")


@dataclass
class Mention:
    name: str
    span: Span
    accused: bool = False
    background: bool = False
    specification: tuple[str, Span] | None = None
    packaging: tuple[str, Span] | None = None
    manufacturer: tuple[str, Span] | None = None
    approvals: list[tuple[str, Span]] = field(default_factory=list)
    application: tuple[str, Span] | None = None
    codes: list[tuple[str, Span]] = field(default_factory=list)
    finding: bool | None = None  # from a table's 结论 column
    maker_hint: tuple[str, Span] | None = None  # "X制造的" just before the name


@dataclass(frozen=True)
class FoundProduct:
    name: str
    name_span: Span
    specification: tuple[str, Span] | None
    packaging: tuple[str, Span] | None
    manufacturer: tuple[str, Span] | None
    approvals: tuple[tuple[str, Span], ...]
    application: tuple[str, Span] | None
    codes: tuple[tuple[str, Span], ...]
    finding: bool | None
    maker_hint: tuple[str, Span] | None


def find_mentions(text: str, paragraphs: Sequence[Span], tables: Sequence[Table], find_names: NameFinder) -> list[Mention]:
    """Every product-name mention, with the details printed after it."""
    mentions: list[Mention] = []
    table_rows: set[Span] = set()
    for table in tables:
        mentions.extend(_table_mentions(text, table))
        for row in table.cells:
            if row:
                table_rows.add((row[0][0], row[-1][1]))
    for start, end in paragraphs:
        if any(rs <= start and end <= re_ for rs, re_ in table_rows):
            continue
        paragraph = text[start:end]
        names = _names_in(paragraph, find_names)
        for index, (ns, ne, name) in enumerate(names):
            scope_end = names[index + 1][0] if index + 1 < len(names) else len(paragraph)
            scope_end = min(scope_end, ne + 220)
            mention = Mention(name, (start + ns, start + ne))
            _collect_details(text, mention, start + ne, start + scope_end)
            maker = MAKER_BEFORE.search(paragraph[max(0, ns - 40) : ns])
            if maker:
                maker_start = start + max(0, ns - 40) + maker.start("maker")
                value = NAME_LEFT_CUT.sub("", maker.group("maker")) or maker.group("maker")
                maker_start += len(maker.group("maker")) - len(value)
                mention.maker_hint = (value, (maker_start, maker_start + len(value)))
            sentence_start = max(paragraph.rfind("。", 0, ns), paragraph.rfind("；", 0, ns), -1) + 1
            before = paragraph[max(sentence_start, ns - 60) : ns]
            after = paragraph[ne : ne + 12]
            mention.accused = bool(ACCUSED_CUE.search(before) or re.match(r"[）)]?(?:产品)?(?:系|为|即)?被诉", after))
            mention.background = bool(BACKGROUND_CUE.search(before)) and not re.search(r"被诉|被控|仿制", before[-20:])
            mentions.append(mention)
    return mentions


def accused_products(mentions: list[Mention], operative: str | None, has_accused_cue: bool) -> list[FoundProduct]:
    """Merge mentions by name into the accused products, in order of first mention."""
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    operative = operative or ""

    chosen: list[tuple[str, list[Mention]]] = []
    for name, group in by_name.items():
        in_orders = name in operative
        accused = in_orders or any(m.accused for m in group)
        usable = [m for m in group if not m.background]
        if not usable:
            continue
        if not accused:
            has_details = any(m.approvals or m.application or m.codes for m in usable)
            if not has_details or (has_accused_cue and any(m.background for m in group)):
                continue
        chosen.append((name, usable))

    # A name that is a part of a longer chosen name (利伐沙班 vs 利伐沙班片) is the same product.
    names = [n for n, _ in chosen]
    chosen = [
        (n, g)
        for n, g in chosen
        if not (any(n != other and n in other for other in names) and not any(m.approvals or m.application for m in g))
    ]

    products = []
    for name, group in chosen:
        first = min(group, key=lambda m: m.span[0])
        products.append(
            FoundProduct(
                name=name,
                name_span=first.span,
                specification=_first(m.specification for m in group),
                packaging=_first(m.packaging for m in group),
                manufacturer=_first(m.manufacturer for m in group),
                approvals=tuple(_unique(a for m in group for a in m.approvals)),
                application=_first(m.application for m in group),
                codes=tuple(_unique(c for m in group for c in m.codes)),
                finding=_first(m.finding for m in group),
                maker_hint=_first(m.maker_hint for m in group),
            )
        )
    return products


def _names_in(paragraph: str, find_names: NameFinder) -> list[tuple[int, int, str]]:
    names = list(find_names(paragraph))
    if CLAIM_TEXT.match(paragraph):
        return []  # a claim's wording names the invention, not a product
    known = [(s, e) for s, e, _ in names]
    for m in _unknown_drug_pattern().finditer(paragraph):
        cut = NAME_LEFT_CUT.match(m.group("prefix"))
        start = m.start() + (cut.end() if cut else 0)
        if m.end() - start < 3 or any(s <= start < e or s < m.end() <= e for s, e in known):
            continue
        if _device_context(paragraph, start, m.end(), APPROVAL_AHEAD):
            names.append((start, m.end(), paragraph[start : m.end()]))
    for m in DEVICE_NAME.finditer(paragraph):
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
    names.sort(key=lambda n: (n[0], -(n[1] - n[0])))
    kept: list[tuple[int, int, str]] = []
    for n in names:
        if kept and n[0] < kept[-1][1]:
            continue  # overlapping: the earlier, longer one wins
        kept.append(n)
    return [(s, e, _trim_name(name)) for s, e, name in kept if _trim_name(name)]


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
    if re.search(r"被诉(?:侵权)?产品[一二三四五六七八九十\d]*(?:为|是|即|系)?[^，。；]{0,16}$|停止[^。；]{0,60}$|侵[犯害][^。；]{0,60}的$|购买了?[^，。；]{0,12}$|取得[^，。；]{0,16}$", before):
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
            value = _value_at(text, value_start, min(end + 40, value_start + 60), attr != "packaging").rstrip("的")
            if value:
                setattr(mention, attr, (value, (value_start, value_start + len(value))))
    for f in find_approval_numbers(scope):
        mention.approvals.append((f.value, (start + f.start, start + f.end)))
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


# Keys of a key/value table describing one product: "仿制药名称 | 甲磺酸奥希替尼片", "仿制药规格 | 80mg"
KV_NAME_KEY = re.compile(r"^(?:涉案|被诉侵权|被诉|仿制药)?(?:仿制药|产品|药品|器械)?(?:名称|通用名称?)$")
KV_BACKGROUND_KEY = re.compile(r"上市药品|原研|参比|登记(?:的)?药品|专利|请求人")
KV_KEYS = (
    (re.compile(r"规格|型号"), "specification"),
    (re.compile(r"包装"), "packaging"),
    (re.compile(r"生产企业|生产厂家|上市许可持有人|注册人"), "manufacturer"),
)


def _key_value_mention(text: str, table: Table) -> Mention | None:
    """A two-column table of a single product's facts, keys on the left."""
    if any(len(row) != 2 for row in table.cells):
        return None  # a header-and-rows table, not key/value pairs
    pairs = [row[:2] for row in table.cells]
    name_row = next(((k, v) for k, v in pairs if KV_NAME_KEY.match(text[k[0] : k[1]].strip())), None)
    if name_row is None:
        return None
    (vs, ve) = name_row[1]
    name = text[vs:ve].strip()
    if not name or re.search(r"专利|ZL|\d{6,}", name):
        return None
    mention = Mention(name, (vs, ve), accused=True)
    for (ks, ke), (cs, ce) in pairs:
        key, value = text[ks:ke].strip(), text[cs:ce].strip()
        if KV_BACKGROUND_KEY.search(key):
            continue  # the patentee's listed drug, not the accused one
        for pattern, attr in KV_KEYS:
            if pattern.search(key) and getattr(mention, attr) is None and value:
                setattr(mention, attr, (value, (cs, ce)))
        for f in find_approval_numbers(value):
            mention.approvals.append((f.value, (cs + f.start, cs + f.end)))
        apps = find_application_numbers(value)
        if apps and mention.application is None:
            mention.application = (apps[0].value, (cs + apps[0].start, cs + apps[0].end))
        for f in find_product_codes(value):
            mention.codes.append((f.value, (cs + f.start, cs + f.end)))
    return mention


def packaging_stated_nearby(text: str, position: int) -> tuple[str, Span] | None:
    """A packaging stated once for several products after them ("包装均为1支/袋，10袋/盒")."""
    m = re.compile(r"包装(?:规格)?均(?:为|是)[：:]?").search(text, position, position + 500)
    if not m:
        return None
    value = _value_at(text, m.end(), m.end() + 40, list_separator=False)
    return (value, (m.end(), m.end() + len(value))) if value else None


def _table_mentions(text: str, table: Table) -> list[Mention]:
    """One mention per data row of a table whose header names a product column, or one
    mention for a key/value table describing a single product."""
    if len(table.cells) < 2:
        return []
    kv = _key_value_mention(text, table)
    if kv is not None:
        return [kv]
    header = [text[s:e] for s, e in table.cells[0]]
    name_col = next((i for i, h in enumerate(header) if NAME_HEADER.search(h) and not MAKER_HEADER.search(h)), None)
    if name_col is None:
        return []
    columns = {
        "specification": next((i for i, h in enumerate(header) if SPEC_HEADER.search(h) and not PACK_HEADER.search(h)), None),
        "packaging": next((i for i, h in enumerate(header) if PACK_HEADER.search(h)), None),
        "manufacturer": next((i for i, h in enumerate(header) if MAKER_HEADER.search(h)), None),
    }
    finding_col = next((i for i, h in enumerate(header) if FINDING_HEADER.search(h)), None)
    code_cols = [i for i, h in enumerate(header) if CODE_HEADER.search(h)]
    mentions = []
    for row in table.cells[1:]:
        if name_col >= len(row):
            continue
        ns, ne = row[name_col]
        name = text[ns:ne].strip()
        if not name:
            continue
        mention = Mention(name, (ns, ne), accused=True)
        for attr, col in columns.items():
            if col is not None and col < len(row):
                cs, ce = row[col]
                value = text[cs:ce].strip()
                if value and value not in ("/", "—", "-", "无"):
                    setattr(mention, attr, (value, (cs, ce)))
        row_start, row_end = row[0][0], row[-1][1]
        cells_text = text[row_start:row_end]
        for f in find_approval_numbers(cells_text):
            mention.approvals.append((f.value, (row_start + f.start, row_start + f.end)))
        apps = find_application_numbers(cells_text)
        if apps:
            mention.application = (apps[0].value, (row_start + apps[0].start, row_start + apps[0].end))
        for f in find_product_codes(cells_text):
            mention.codes.append((f.value, (row_start + f.start, row_start + f.end)))
        for col in code_cols:
            if col < len(row):
                cs, ce = row[col]
                value = text[cs:ce].strip()
                if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{4,29}", value) and value not in {c for c, _ in mention.codes}:
                    mention.codes.append((value, (cs, ce)))
        if finding_col is not None and finding_col < len(row):
            verdict = text[row[finding_col][0] : row[finding_col][1]]
            if re.search(r"不|未|否", verdict):
                mention.finding = False
            elif re.search(r"是|落入|侵权|构成", verdict):
                mention.finding = True
        mentions.append(mention)
    return mentions


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
        elif ch in "“”\"":
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
