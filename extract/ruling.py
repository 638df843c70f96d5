"""From a Document to a Ruling: every field of the contract, each value with its evidence.

`understand(doc, source)` is pure; `read_ruling(path)` reads the file first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from extract import dosage_forms
from extract.evidence import evidence_for
from extract.header import is_linkage_cause, read_header
from extract.model import (
    Authority,
    Document,
    Evidence,
    Outcome,
    Party,
    Patent,
    Product,
    Ruling,
    Source,
)
from extract.nlp import drug_name_spans
from extract.outcome import read_outcome
from extract.parties import FoundParty, history_parties, read_parties
from extract.patents import read_patents
from extract.products import (
    ACCUSED_CUE,
    MANUFACTURER,
    FoundProduct,
    accused_products,
    attach_loose_numbers,
    find_mentions,
    loose_numbers,
    packaging_stated_nearby,
)
from extract.segments import segment
from extract.sides import read_sides
from extract.stop_orders import bound_parties

# "（以下简称承泰公司）" / "(以下简称“承泰公司”)" / "(下称晋弘公司)" / "(简称力思特公司)" /
# "(又称伊莱利利公司)": the short or other name a ruling uses afterwards.
SHORT_NAME = re.compile(
    r"[（(](?:以下简称|以下称|下称|简称|又称|又名)[：:]?[“\"]?(?P<short>[^”\"）)]{1,20})[”\"]?[）)]"
)


def read_ruling(path: str | Path) -> Ruling:
    """Read and understand one file (PDF, scanned PDF or DOCX) in this process.

    Raises `extract.model.ReadError` for a file that cannot be read.
    """
    from extract.read import read_document  # the reader is the I/O edge of this stage

    path = Path(path)
    doc = read_document(path)
    source = Source(path.name, _sha256(path), doc.pages, doc.ocr_pages)
    return understand(doc, source)


def warm_up() -> None:
    """Load the dictionaries and patterns once (run in a worker before its first file)."""
    drug_name_spans("被诉侵权产品利伐沙班片")


def understand(doc: Document, source: Source) -> Ruling:
    """Every contract field read from `doc`, with evidence and the doubts as warnings."""
    text = doc.text
    seg = segment(text)
    evidence: list[Evidence] = []
    warnings: list[str] = list(doc.warnings)
    if doc.ocr_pages:
        pages = "、".join(map(str, doc.ocr_pages))
        warnings.append(f"第{pages}页是扫描件，文字由OCR识别：名称、案号和编号请对照原件核对。")

    def cite(field: str, span: tuple[int, int] | None) -> None:
        if span:
            evidence.extend(evidence_for(doc, field, span[0], span[1]))

    header = read_header(text, seg)
    warnings.extend(header.warnings)
    cite("document_type", header.document_type_span)
    cite("authority.name", header.authority_span)
    cite("case_number", header.case_number_span)
    for i, (_, span) in enumerate(header.prior_case_numbers):
        cite(f"prior_case_numbers[{i}]", span)
    cite("cause", header.cause_span)

    found_parties = read_parties(text, seg.parties) or history_parties(text, seg.title[0], min(len(text), seg.body[1] + 1))
    parties = []
    for i, p in enumerate(found_parties):
        parties.append(_party(p))
        cite(f"parties[{i}].name", p.name_span)
        cite(f"parties[{i}].role", p.label_span)
        cite(f"parties[{i}].side", p.side_span)
        cite(f"parties[{i}].uscc", p.uscc_span)
        cite(f"parties[{i}].address", p.address_span)
        cite(f"parties[{i}].representative", p.representative_span)
        warnings.extend(p.warnings)
    aliases = _aliases(text, [p.name for p in parties])
    opening = text[: min(len(text), seg.body[0] + 1500)]  # title, parties and the history's start
    parties, side_doubts = read_sides(text, parties, aliases, header.cause, opening)
    warnings.extend(side_doubts)
    parties = [replace(p, short_names=tuple(dict.fromkeys(aliases[p.name][1:]))) for p in parties]
    if header.document_type != "other" and not parties:
        warnings.append("未识别出当事人，请人工填写。")

    found_patents, patent_warnings = read_patents(text, doc.tables)
    warnings.extend(patent_warnings)
    patents = []
    for i, p in enumerate(found_patents):
        patents.append(Patent(p.number, p.title, p.kind, p.publication_number))
        for span in p.number_spans[:1]:
            cite(f"patents[{i}].number", span)
        cite(f"patents[{i}].title", p.title_span)

    outcome = read_outcome(text, seg, header.document_type, header.procedure, header.cause)
    warnings.extend(outcome.warnings)
    cite("outcome.operative_text", outcome.operative_span)
    cite("outcome.upheld_orders", outcome.upheld_span)
    cite("outcome.damages_cny", outcome.damages_span)
    cite("effective", outcome.effective_span)
    cite("decision_date", outcome.decision_date_span)

    # Products are read in every document: an objection notice (type other) names them too.
    mentions = find_mentions(text, seg.paragraphs, doc.tables, drug_name_spans)
    has_cue = bool(ACCUSED_CUE.search(text))
    found_products = accused_products(mentions, outcome.operative_text, has_cue, text, lambda w: _side_of(w, parties, aliases))
    found_products, loose = attach_loose_numbers(
        found_products, loose_numbers(text, seg.paragraphs, doc.tables, mentions, found_products), lambda s: _names_accused(s, parties, aliases))
    products = _products(found_products, parties, text, aliases, outcome.operative_text, outcome.infringement)
    for i, p in enumerate(found_products):
        cite(f"products[{i}].name", p.name_span)
        cite(f"products[{i}].specification", p.specification[1] if p.specification else None)
        stated = None if p.packaging else packaging_stated_nearby(text, p.name_span[0])
        cite(f"products[{i}].packaging", p.packaging[1] if p.packaging else (stated[1] if stated else None))
        cite(f"products[{i}].manufacturer", p.manufacturer[1] if p.manufacturer else None)
        for j, (_, span) in enumerate(p.approvals):
            cite(f"products[{i}].approval_numbers[{j}]", span)
        for j, (_, span) in enumerate(p.codes):
            cite(f"products[{i}].codes[{j}]", span)
        cite(f"products[{i}].application_number", p.application[1] if p.application else None)
    if outcome.infringement and not products:
        warnings.append("文书认定侵权，但未能识别出被诉侵权产品，请人工补充产品信息。")


    if header.document_type == "other" and not (header.case_number or parties):
        warnings.append("这份文件不像判决书、裁定书或行政裁决书，请确认是否上传有误。")
    warnings.extend(_doubts(header.cause, header.authority_kind, outcome.effective, parties, products, loose))

    return Ruling(
        source=source,
        document_type=header.document_type,
        authority=Authority(header.authority_name, header.authority_kind),
        case_number=header.case_number,
        prior_case_numbers=tuple(v for v, _ in header.prior_case_numbers),
        cause=header.cause,
        procedure=header.procedure,
        decision_date=outcome.decision_date,
        effective=outcome.effective,
        appeal_period_days=outcome.appeal_period_days,
        parties=tuple(parties),
        patents=tuple(patents),
        products=tuple(products),
        outcome=Outcome(
            infringement=outcome.infringement,
            disposition=outcome.disposition,
            orders=outcome.orders,
            damages_cny=outcome.damages_cny,
            operative_text=outcome.operative_text,
            upheld_orders=outcome.upheld_orders,
            stop_parties=bound_parties(
                outcome.operative_text, {p.name: aliases[p.name] for p in parties if p.side == "accused"}),
        ),
        evidence=tuple(evidence),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _doubts(
    cause: str | None,
    authority_kind: str | None,
    effective: bool | None,
    parties: list[Party],
    products: list[Product],
    loose: list[str] | None = None,
) -> list[str]:
    """What a clerk should know before acting on this reading."""
    doubts = []
    for p in products:
        if not (p.approval_numbers or p.codes or p.application_number):
            doubts.append(_no_number_doubt(p.name, loose or []))
        if p.party is None:
            doubts.append(f"未能确定被诉产品「{p.name}」属于哪一被诉当事人。")
    if is_linkage_cause(cause):
        doubts.append("本文书是药品专利纠纷早期解决机制的裁决（专利法第七十六条），不是侵权认定，不据此撤网，仅供风险研判。")
    elif effective is False and authority_kind == "court":
        doubts.append("判决尚未生效：生效前不据此采取撤网等措施，请跟踪上诉情况或索取生效证明。")
    return doubts


def _party(p: FoundParty) -> Party:
    return Party(
        name=p.name,
        role=p.role,
        role_label=p.role_label,
        side=p.side,
        kind=p.kind,
        uscc=p.uscc,
        address=p.address,
        representative=p.representative,
    )


# How the text calls each party: its full name first, then the name as printed where the
# brackets' width differs ("沪康联合(上海)医药有限公司" for 沪康联合（上海）医药有限公司), then the
# short names it introduces.
Aliases = dict[str, tuple[str, ...]]


def _aliases(text: str, names: list[str]) -> Aliases:
    """Every party's names, looked up once per document."""
    return {name: tuple(dict.fromkeys((name, *_short_names(text, name)))) for name in names}


def _short_names(text: str, name: str) -> list[str]:
    """The name as printed (when its brackets' width differs) and the short names printed
    right after it ("（以下简称甲公司）")."""
    pattern = re.compile("".join("[（(]" if ch in "（(" else "[）)]" if ch in "）)" else re.escape(ch) for ch in name))
    found = []
    for m in pattern.finditer(text):
        if m.group() != name:
            found.append(m.group())
        short = SHORT_NAME.match(text, m.end())
        if short:
            found.append(short.group("short"))
    return found


def _products(
    found: list[FoundProduct],
    parties: list[Party],
    text: str,
    aliases: Aliases,
    operative: str | None,
    infringement: bool | None,
) -> list[Product]:
    accused = [p for p in parties if p.side == "accused"]
    named_in_orders = [f for f in found if operative and f.name in operative]
    products = []
    for f in found:
        manufacturer = f.manufacturer[0] if f.manufacturer else None
        if manufacturer is not None:
            manufacturer = _party_of_short_name(manufacturer, aliases) or manufacturer
        if manufacturer is None and f.maker_hint:
            manufacturer = _party_named(f.maker_hint[0], parties, aliases)
        if manufacturer is None:
            stated = _maker_stated_nearby(text, f.name_span[0])
            if stated and _side_of(stated, parties, aliases) != "rights_holder":  # the patentee's own, nearby
                manufacturer = _party_of_short_name(stated, aliases) or stated
        packaging = f.packaging[0] if f.packaging else None
        if packaging is None:
            stated = packaging_stated_nearby(text, f.name_span[0])
            packaging = stated[0] if stated else None
        party = _owner(f, accused, text, aliases, manufacturer)
        if manufacturer is None and party and _makes(text, aliases[party]):
            manufacturer = party
        if f.finding is not None:
            infringes = f.finding
        elif infringement is True and named_in_orders and _stop_names_products(operative or ""):
            infringes = f in named_in_orders
        else:
            infringes = infringement
        products.append(
            Product(
                name=f.name,
                specification=f.specification[0] if f.specification else None,
                approval_numbers=tuple(v for v, _ in f.approvals),
                application_number=f.application[0] if f.application else None,
                codes=tuple(v for v, _ in f.codes),
                manufacturer=manufacturer,
                party=party,
                packaging=packaging,
                infringes=infringes,
            )
        )
    return products


def _no_number_doubt(name: str, loose: list[str]) -> str:
    """The warning for a product without a number; never false: when the text prints numbers
    the reader could not attribute, it says so instead of "未写明"."""
    if loose:
        return (f"文书载有批准文号或注册证号（{'、'.join(loose)}），但未能确定是否属于被诉产品「{name}」，"
                "与挂网产品匹配时需人工核对。")
    return f"被诉产品「{name}」未写明批准文号、注册证号或编码，与挂网产品匹配时需人工核对。"


def _side_of(words: str, parties: list[Party], aliases: Aliases) -> str | None:
    """The side of the party a maker's name ("乙公司", "乙药业股份有限公司", "案外人丙公司")
    stands for, or None when it names no party."""
    name = _party_named(words, parties, aliases)
    if name is None:
        core = re.sub(r"(?:股份)?(?:有限)?(?:责任)?公司$|^案外人", "", words)
        if len(core) >= 2:
            name = next((p.name for p in parties if core in p.name or any(core in a for a in aliases[p.name])), None)
    return next((p.side for p in parties if p.name == name), None)


def _names_accused(sentence: str, parties: list[Party], aliases: Aliases) -> bool:
    """Whether a sentence names an accused party (by a full or short name)."""
    return any(n in sentence for p in parties if p.side == "accused" for n in aliases[p.name])


def _makes(text: str, names: tuple[str, ...]) -> bool:
    """Whether the text says the party makes products ("齐润堂公司生产、销售…", "X制造的")."""
    for n in names:
        if re.search(re.escape(n) + r"[^，。；]{0,6}(?:制造|生产|研制)", text):
            return True
    return False


def _party_of_short_name(words: str, aliases: Aliases) -> str | None:
    """The full name of the party a short name ("粤芯公司") stands for."""
    return next((name for name, names in aliases.items() if words in names[1:]), None)


def _party_named(words: str, parties: list[Party], aliases: Aliases) -> str | None:
    """The party a name, short name ("蜀源康公司") or role word ("被请求人", when only one
    party has that role) refers to, by its full name."""
    by_role = [p for p in parties if p.role_label and re.sub(r"[（(].*", "", p.role_label) == words]
    if len(by_role) == 1:
        return by_role[0].name
    for p in parties:
        if words in aliases[p.name] or (len(words) > 4 and words in p.name):
            return p.name
    return None


def _maker_stated_nearby(text: str, position: int) -> str | None:
    """A maker stated once for several products just before or after them
    ("包装均标注生产企业为X", "上述两款产品的注册人及生产企业均为津瑞康公司")."""
    before = list(MANUFACTURER.finditer(text, max(0, position - 300), position))
    if before:
        return before[-1].group("value").strip()
    after = MANUFACTURER.search(text, position, position + 400)
    return after.group("value").strip() if after else None


def _stop_names_products(operative: str) -> bool:
    forms = "|".join(map(re.escape, dosage_forms.suffixes()))  # 片, 胶囊, 注射液 … (patterns/dosage_forms.tsv)
    return bool(re.search(rf"停止[^。；]{{0,80}}(?:{forms}|器|系统|支架)", operative))


def _owner(f: FoundProduct, accused: list[Party], text: str, aliases: Aliases, manufacturer: str | None) -> str | None:
    """The accused party whose product this is: the maker when it is a party, else the
    accused party named closest before the product's first mention, else the only one."""
    if not accused:
        return None
    if manufacturer:
        for p in accused:
            if p.name == manufacturer or manufacturer in p.name or p.name in manufacturer:
                return p.name
    best, best_distance = None, None
    for p in accused:
        for n in aliases[p.name]:
            index = text.rfind(n, 0, f.name_span[0])
            if index >= 0 and (best_distance is None or f.name_span[0] - index < best_distance):
                best, best_distance = p.name, f.name_span[0] - index
    if best and best_distance is not None and best_distance < 200:
        return best
    makers = [p for p in accused if p.kind == "company"]
    return (makers or accused)[0].name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
