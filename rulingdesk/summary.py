"""The readable summary of a Ruling that `rulingdesk extract` prints for a clerk to check."""

from __future__ import annotations

from extract.model import Ruling

DOCUMENT_NAMES = {
    "judgment": "判决书",
    "ruling": "裁定书",
    "administrative_ruling": "行政裁决书",
    "administrative_decision": "专利侵权纠纷处理决定书",
    "mediation": "调解书",
    "other": "非裁判文书",
}
PROCEDURES = {"first_instance": "一审", "second_instance": "二审", "retrial": "再审", "administrative": "行政程序"}
ROLES = {
    "plaintiff": "原告",
    "defendant": "被告",
    "appellant": "上诉人",
    "appellee": "被上诉人",
    "requester": "请求人",
    "respondent": "被请求人",
    "retrial_applicant": "再审申请人",
    "retrial_respondent": "被申请人",
    "third_party": "第三人",
}
SIDES = {"rights_holder": "权利人一方", "accused": "被诉方", None: "立场不明"}
PATENT_KINDS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计", None: ""}
DISPOSITIONS = {
    "infringement_found": "认定侵权（或落入保护范围）",
    "no_infringement": "不侵权（或不落入保护范围）",
    "appeal_dismissed": "驳回上诉，维持原判",
    "reversed": "撤销原判",
    "partially_reversed": "部分改判",
    "withdrawn": "撤诉",
    "remanded": "发回重审",
    "settled": "调解结案",
    "other": "其他",
    None: "未判断",
}


def _yes_no(value: bool | None) -> str:
    return {True: "是", False: "否", None: "不明"}[value]


def ruling_summary(ruling: Ruling) -> str:
    """A few lines in Chinese: the case, the parties, the patents, the products, the outcome."""
    r = ruling
    lines = [f"文件：{r.source.filename}（{r.source.pages}页{'，其中第' + '、'.join(map(str, r.source.ocr_pages)) + '页为扫描识别' if r.source.ocr_pages else ''}）"]
    lines.append(
        "文书：" + " · ".join(
            x for x in (DOCUMENT_NAMES.get(r.document_type, r.document_type), r.authority.name, r.case_number, r.decision_date) if x
        )
    )
    if r.effective is True:
        effect = "已生效"
    elif r.effective is False:
        effect = f"未生效（可于{r.appeal_period_days or '?'}日内上诉或起诉）"
    else:
        effect = "是否生效不明"
    lines.append("案由：" + " · ".join(x for x in (r.cause, PROCEDURES.get(r.procedure or ""), effect) if x))
    if r.prior_case_numbers:
        lines.append("前审案号：" + "、".join(r.prior_case_numbers))
    lines.append("当事人：")
    for p in r.parties:
        extra = f" 统一社会信用代码 {p.uscc}" if p.uscc else ""
        lines.append(f"  {p.role_label or ROLES.get(p.role, p.role)} {p.name} [{SIDES.get(p.side, p.side)}]{extra}")
    for p in r.patents:
        lines.append(f"专利：{p.number} {PATENT_KINDS.get(p.kind, '')} {p.title or ''}".rstrip())
    if r.products:
        lines.append("被诉产品：")
        for i, p in enumerate(r.products, 1):
            details = " ".join(x for x in (p.specification, *p.approval_numbers, p.application_number, *p.codes) if x)
            maker = f" 生产企业 {p.manufacturer}" if p.manufacturer else ""
            lines.append(f"  {i}. {p.name} {details}{maker} · 侵权：{_yes_no(p.infringes)}")
    o = r.outcome
    result = [DISPOSITIONS.get(o.disposition, o.disposition or "")]
    if o.orders:
        result.append("、".join(o.orders))
    if o.damages_cny is not None:
        result.append(f"赔偿 {o.damages_cny:,.0f} 元")
    lines.append("结果：" + " · ".join(result) + f" · 认定侵权：{_yes_no(o.infringement)}")
    for w in r.warnings:
        lines.append(f"提示：{w}")
    return "\n".join(lines) + "\n"
