"""Builders for the rulings, catalogue items and matches the generate tests decide on."""

from __future__ import annotations

from extract.model import Authority, Outcome, Party, Patent, Product, Ruling, Source
from matching.model import CatalogueItem, Match

COURT = Authority("最高人民法院", "court")
OFFICE = Authority("广东省知识产权局", "ip_office")


def make_ruling(
    document_type: str = "judgment",
    *,
    effective: bool | None = True,
    infringement: bool | None = True,
    orders: tuple[str, ...] = ("停止制造", "停止销售", "赔偿经济损失"),
    product_infringes: bool | None = None,
    cause: str | None = "侵害发明专利权纠纷",
    case_number: str | None = None,
    prior_case_numbers: tuple[str, ...] = (),
    decision_date: str | None = "2099-03-05",
    appeal_period_days: int | None = None,
) -> Ruling:
    """A ruling with one accused product (艾地骨化醇软胶囊 by 甲乙制药有限公司)."""
    office = document_type in ("administrative_ruling", "administrative_decision")
    return Ruling(
        source=Source("case.pdf", "0" * 64, 5),
        document_type=document_type,
        authority=OFFICE if office else COURT,
        case_number=case_number or ("粤知裁字〔2099〕1号" if office else "（2099）最高法知民终1号"),
        decision_date=decision_date,
        effective=effective,
        outcome=Outcome(infringement=infringement, orders=orders,
                        disposition="infringement_found" if infringement else "no_infringement"),
        prior_case_numbers=prior_case_numbers,
        cause=cause,
        procedure="administrative" if office else "second_instance",
        appeal_period_days=appeal_period_days,
        parties=(
            Party("丙丁医药科技有限公司", "appellee", side="rights_holder"),
            Party("甲乙制药有限公司", "appellant", side="accused"),
        ),
        patents=(Patent("ZL201911937865.X", "一种治疗骨质疏松的药物组合物", "invention"),),
        products=(Product("艾地骨化醇软胶囊", "0.75μg", ("国药准字H20990001",), manufacturer="甲乙制药有限公司",
                          party="甲乙制药有限公司", infringes=product_infringes),),
    )


def make_item(status: str = "已挂网", selected: bool = False, catalogue_id: str = "YP0012345") -> CatalogueItem:
    return CatalogueItem(
        province="广东省", catalogue_id=catalogue_id, name="艾地骨化醇软胶囊", specification="0.75μg",
        manufacturer="甲乙制药有限公司", approval_numbers=("国药准字H20990001",), status=status,
        selected=selected, batch="第七批国家组织药品集中采购" if selected else None,
    )


def make_match(item: CatalogueItem, decision: str = "auto", product: int = 0) -> Match:
    return Match(product, item, 0.98, decision, ("批准文号 equal",))


def sample_plans():
    """One plan of each of the seven kinds, from invented data (kind → Plan)."""
    from generate.decisions import decide
    from generate.documents import plan_copy_letter, plan_notices, plan_objection_letter
    from generate.model import Objection, PriorAction
    from generate.settings import DEFAULT_SETTINGS, parse_settings

    settings = parse_settings(DEFAULT_SETTINGS)
    judgment = make_ruling()
    items = [make_item("已挂网", True, "YP0012345"), make_item("申报中", False, "YP0012346")]
    plans = plan_notices(judgment, decide(judgment, [make_match(i) for i in items]), settings)
    office = make_ruling("administrative_ruling")
    plans.append(plan_copy_letter(office, decide(office, [make_match(items[0])]), settings))
    reversal = make_ruling(infringement=False, orders=(), prior_case_numbers=("（2098）粤73民初9号",))
    prior = [PriorAction("广东省", "YP0012345", "delist", "（2098）粤73民初9号")]
    restored = decide(reversal, [make_match(make_item("已撤网"))], prior)
    plans += plan_notices(reversal, restored, settings, prior)
    objection = Objection("丙丁医药科技有限公司", "广东省", "YP0012345", "ZL201911937865.X", "2099-02-01", "2099-03-31")
    for kind in ("dispute_guidance", "opinion_request"):
        plans.append(plan_objection_letter(kind, objection, items[0], settings))
    return {plan.kind: plan for plan in plans}


def docx_text(data: bytes) -> str:
    """A DOCX's paragraphs and table cells as text, one per line (tables as ` | `-joined rows)."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.append("[table]")
        lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    lines = [f"[header] {p.text}" for p in header.paragraphs if p.text] + lines
    return "\n".join(lines).rstrip() + "\n"
