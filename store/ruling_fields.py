"""The editable fields of a ruling (its `ruling.schema.json` form) and how a clerk's typed
value becomes a JSON value. Pure functions: no database, no Flask.

A field is named by the JSON path the evidence uses: `case_number`, `authority.name`,
`parties[1].uscc`, `products[0].approval_numbers`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extract.identifiers.approval_numbers import approval_kind, normalize_approval_number
from extract.identifiers.case_numbers import normalize_case_number
from extract.identifiers.found import drop_spaces, fold_width
from extract.identifiers.patent_numbers import normalize_patent_number
from extract.identifiers.uscc import is_valid_uscc
from extract.parties import kind_of, side_from_label

# One step of a field path: `parties[1]` or `uscc`.
PATH_STEP = re.compile(r"(?P<key>[a-z_]+)(?:\[(?P<index>\d+)\])?")
# Separators between the items of a list typed into one box: `国药准字H1；国药准字H2、X`.
LIST_SEPARATORS = re.compile(r"[;；、,，\n]+")
# The correction that appends a clerk's item to a list: `products[+]` (its value is the whole
# item); the item's position is the extractor's count plus the additions before it.
ADDED_PATH = re.compile(r"(?P<key>parties|products)\[\+\]")
# The removal mark of a list item: `parties[3].removed` (true: removed; false: restored).
REMOVED_PATH = re.compile(r"(?P<key>parties|products)\[(?P<index>\d+)\]\.removed")
REMOVED = "removed"  # the key that marks a removed item in the full JSON (never in `current`)


@dataclass(frozen=True)
class FieldSpec:
    """How one field is edited: its Chinese label, its kind and, for choices, the options."""

    label: str
    kind: str  # "text" | "date" | "bool" | "int" | "float" | "list" | "choice" | "case_number" | "patent_number"
    # | "uscc" | "approval_numbers"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)

    @property
    def is_list(self) -> bool:
        """Whether the value is a list, typed into one box with separators."""
        return self.kind in ("list", "approval_numbers")


DOCUMENT_TYPES = (
    ("judgment", "判决书"),
    ("ruling", "裁定书"),
    ("administrative_ruling", "行政裁决书"),
    ("administrative_decision", "处理决定书"),
    ("mediation", "调解书"),
    ("other", "其他文书"),
)
PROCEDURES = (
    ("first_instance", "一审"),
    ("second_instance", "二审"),
    ("retrial", "再审"),
    ("administrative", "行政程序"),
)
AUTHORITY_KINDS = (("court", "法院"), ("ip_office", "知识产权管理部门"))
PARTY_ROLES = (
    ("plaintiff", "原告"),
    ("defendant", "被告"),
    ("appellant", "上诉人"),
    ("appellee", "被上诉人"),
    ("requester", "请求人"),
    ("respondent", "被请求人"),
    ("retrial_applicant", "再审申请人"),
    ("retrial_respondent", "被申请人"),
    ("third_party", "第三人"),
)
SIDES = (("rights_holder", "权利人一方"), ("accused", "被诉一方"))
PARTY_KINDS = (("company", "企业"), ("person", "自然人"), ("other", "其他"))
PATENT_KINDS = (("invention", "发明"), ("utility_model", "实用新型"), ("design", "外观设计"))
DISPOSITIONS = (
    ("infringement_found", "认定侵权"),
    ("no_infringement", "不构成侵权"),
    ("appeal_dismissed", "驳回上诉"),
    ("reversed", "改判"),
    ("partially_reversed", "部分改判"),
    ("withdrawn", "撤回"),
    ("remanded", "发回重审"),
    ("settled", "调解/和解"),
    ("other", "其他"),
)  # outcome.disposition of the contract

RULING_FIELDS: dict[str, FieldSpec] = {
    "case_number": FieldSpec("案号", "case_number"),
    "document_type": FieldSpec("文书类型", "choice", DOCUMENT_TYPES),
    "authority.name": FieldSpec("作出机关", "text"),
    "authority.kind": FieldSpec("机关类别", "choice", AUTHORITY_KINDS),
    "decision_date": FieldSpec("作出日期", "date"),
    "effective": FieldSpec("是否生效", "bool"),
    "appeal_period_days": FieldSpec("上诉/起诉期限（日）", "int"),
    "cause": FieldSpec("案由", "text"),
    "procedure": FieldSpec("程序", "choice", PROCEDURES),
    "prior_case_numbers": FieldSpec("前审案号", "list"),
    "outcome.infringement": FieldSpec("是否认定侵权", "bool"),
    "outcome.disposition": FieldSpec("处理结果", "choice", DISPOSITIONS),
    "outcome.orders": FieldSpec("责令事项", "list"),
    "outcome.damages_cny": FieldSpec("赔偿金额（元）", "float"),
}
PARTY_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("名称", "text"),
    "role": FieldSpec("诉讼地位", "choice", PARTY_ROLES),
    "side": FieldSpec("所属一方", "choice", SIDES),
    "kind": FieldSpec("主体类型", "choice", PARTY_KINDS),
    "uscc": FieldSpec("统一社会信用代码", "uscc"),
    "address": FieldSpec("住所地", "text"),
    "representative": FieldSpec("法定代表人", "text"),
}
PATENT_FIELDS: dict[str, FieldSpec] = {
    "number": FieldSpec("专利号", "patent_number"),
    "title": FieldSpec("专利名称", "text"),
    "kind": FieldSpec("专利类型", "choice", PATENT_KINDS),
    "publication_number": FieldSpec("公告号", "text"),
}
PRODUCT_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("产品名称", "text"),
    "specification": FieldSpec("规格", "text"),
    "approval_numbers": FieldSpec("批准文号/注册证号", "approval_numbers"),
    "codes": FieldSpec("医保/挂网编码", "list"),
    "manufacturer": FieldSpec("生产企业", "text"),
    "party": FieldSpec("所属被诉方", "text"),
    "packaging": FieldSpec("包装", "text"),
    "infringes": FieldSpec("是否侵权", "bool"),
}
LIST_FIELDS = {"parties": PARTY_FIELDS, "patents": PATENT_FIELDS, "products": PRODUCT_FIELDS}
# The lists a clerk may add items to and remove items from, with their names.
ITEM_LISTS = {"parties": "当事人", "products": "被诉产品"}


class FieldError(ValueError):
    """A field that does not exist or a value that does not fit it; `str()` is shown."""


def spec_of(path: str) -> FieldSpec:
    """The spec of an editable field path; FieldError when it is not editable."""
    if path in RULING_FIELDS:
        return RULING_FIELDS[path]
    match = re.fullmatch(r"(parties|patents|products)\[(\d+)\]\.([a-z_]+)", path)
    if match and match[3] in LIST_FIELDS[match[1]]:
        return LIST_FIELDS[match[1]][match[3]]
    raise FieldError(f"不可编辑的字段：{path}")


def get_path(obj: dict[str, Any], path: str) -> Any:
    """The value at `path` in a ruling's JSON, None when it is not there."""
    current: Any = obj
    for step in path.split("."):
        match = PATH_STEP.fullmatch(step)
        if match is None or not isinstance(current, dict):
            return None
        current = current.get(match["key"])
        if match["index"] is not None:
            index = int(match["index"])
            if not isinstance(current, list) or index >= len(current):
                return None
            current = current[index]
    return current


def set_path(obj: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `obj` with `value` at `path`; FieldError when the path is absent."""
    result = copy.deepcopy(obj)
    steps = path.split(".")
    current: Any = result
    for position, step in enumerate(steps):
        match = PATH_STEP.fullmatch(step)
        if match is None or not isinstance(current, dict):
            raise FieldError(f"字段不存在：{path}")
        last = position == len(steps) - 1
        key = match["key"]
        if match["index"] is None:
            if last:
                current[key] = value
            else:
                current = current.setdefault(key, {})
            continue
        items = current.get(key)
        index = int(match["index"])
        if not isinstance(items, list) or index >= len(items):
            raise FieldError(f"字段不存在：{path}")
        if last:
            items[index] = value
        else:
            current = items[index]
    return result


def parse_value(path: str, typed: str) -> Any:
    """The JSON value of what a clerk typed into `path`'s box; FieldError when it does not fit.

    Empty text means "not stated" (None; an empty list for lists)."""
    return parse_typed(spec_of(path), typed)


def parse_typed(spec: FieldSpec, typed: str) -> Any:
    """The JSON value of `typed` for a field of this spec (see `parse_value`)."""
    text = typed.strip()
    if spec.is_list:
        parts = [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]
        if spec.kind == "list":
            return parts
        numbers = [normalize_approval_number(part) for part in parts]
        for number in numbers:
            if approval_kind(number) is None:
                raise FieldError(f"{spec.label}：{number} 不是批准文号或注册证号（如 国药准字H20213456、国械注准20213130109）")
        return numbers
    if not text:
        return None
    if spec.kind == "bool":
        if text in ("true", "是"):
            return True
        if text in ("false", "否"):
            return False
        raise FieldError(f"{spec.label}：请选择 是 / 否 / 不明")
    if spec.kind == "int":
        if not text.isdigit():
            raise FieldError(f"{spec.label}：应为整数")
        return int(text)
    if spec.kind == "float":
        try:
            return float(text.replace(",", "").replace("，", ""))
        except ValueError:
            raise FieldError(f"{spec.label}：应为数字") from None
    if spec.kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldError(f"{spec.label}：日期格式应为 2099-01-31") from None
    if spec.kind == "choice":
        if text not in {value for value, _ in spec.choices}:
            raise FieldError(f"{spec.label}：未知选项 {text}")
        return text
    if spec.kind == "case_number":
        return normalize_case_number(text) or "".join(text.split())
    if spec.kind == "uscc":
        code = drop_spaces(fold_width(text)).upper()
        if not is_valid_uscc(code):
            raise FieldError(f"{spec.label}：不是有效的统一社会信用代码（应为 18 位，校验位须相符）")
        return code
    if spec.kind == "patent_number":
        number = normalize_patent_number(text)
        if number is None:
            raise FieldError(f"{spec.label}：不是有效的专利号（校验位不符？）")
        return number
    return text


def apply_corrections(extracted: dict[str, Any], corrections: list[tuple[str, Any]]) -> dict[str, Any]:
    """The ruling JSON with each (path, value) applied in order (later ones win); paths that no
    longer exist are skipped. `products[+]` appends its item; `products[2].removed` marks the
    item (it keeps its place, so later paths still name the same items): this is the full
    JSON, `current_of` gives the ruling without the removed items."""
    result = extracted
    for path, value in corrections:
        added = ADDED_PATH.fullmatch(path)
        if added:
            result = copy.deepcopy(result)
            items = result.setdefault(added["key"], [])
            if isinstance(items, list):
                items.append(copy.deepcopy(value))
            continue
        try:
            result = set_path(result, path, value)
        except FieldError:
            continue
    return result


def correction_paths(extracted: dict[str, Any], fields: list[str]) -> list[str]:
    """The path each correction (in order) concerns: an addition `products[+]` becomes the
    position its item takes (`products[3]`), the others stay as they are."""
    added = {key: len(extracted.get(key) or []) for key in ITEM_LISTS}
    paths = []
    for field in fields:
        match = ADDED_PATH.fullmatch(field)
        if match:
            paths.append(f"{match['key']}[{added[match['key']]}]")
            added[match["key"]] += 1
        else:
            paths.append(field)
    return paths


def is_removed(full: dict[str, Any], key: str, index: int) -> bool:
    """Whether the item at `key[index]` of the full JSON is marked removed."""
    item = get_path(full, f"{key}[{index}]")
    return isinstance(item, dict) and item.get(REMOVED) is True


def kept_positions(full: dict[str, Any], key: str) -> list[int]:
    """The full JSON's positions of the items `current_of` keeps, in order: the i-th item of
    the current ruling is the full JSON's `key[kept_positions(full, key)[i]]`."""
    return [index for index in range(len(full.get(key) or [])) if not is_removed(full, key, index)]


def current_of(full: dict[str, Any]) -> dict[str, Any]:
    """The ruling as the pipeline reads it: removed parties and products left out, and no
    removal marks (a contract `ruling.schema.json` object again)."""
    result = copy.deepcopy(full)
    for key in ITEM_LISTS:
        items = result.get(key)
        if isinstance(items, list):
            result[key] = [{k: v for k, v in item.items() if k != REMOVED} for item in items
                           if not (isinstance(item, dict) and item.get(REMOVED) is True)]
    return result


def new_party(name: str, role: str, uscc: str = "", side: str = "") -> dict[str, Any]:
    """The JSON of a party a clerk adds (the extractor missed it): the name as printed
    (whitespace removed), a role of the contract's list, the USCC when given (checked), the
    side when chosen (else judged from the role, as the extractor judges it: a third party
    has none); kind judged from the name. FieldError names what does not fit."""
    compact = "".join(name.split())
    if not compact:
        raise FieldError("当事人名称：不能为空")
    if not role.strip():
        raise FieldError("诉讼地位：请选择")
    role = parse_typed(PARTY_FIELDS["role"], role)
    role_label = dict(PARTY_ROLES)[role]
    return {
        "name": compact,
        "role": role,
        "role_label": role_label,
        "side": parse_typed(PARTY_FIELDS["side"], side) if side.strip() else side_from_label(role_label, role)[0],
        "kind": kind_of(compact, ""),
        "uscc": parse_typed(PARTY_FIELDS["uscc"], uscc),
        "address": None,
        "representative": None,
    }


def new_product(name: str, specification: str = "", approval_number: str = "", manufacturer: str = "") -> dict[str, Any]:
    """The JSON of an accused product a clerk adds: its name, and when given its
    specification, approval/registration number (normalised, checked for its shape) and
    maker. FieldError names what does not fit."""
    text = name.strip()
    if not text:
        raise FieldError("产品名称：不能为空")
    return {
        "name": text,
        "specification": parse_typed(PRODUCT_FIELDS["specification"], specification),
        "approval_numbers": parse_typed(PRODUCT_FIELDS["approval_numbers"], approval_number),
        "application_number": None,
        "codes": [],
        "manufacturer": parse_typed(PRODUCT_FIELDS["manufacturer"], manufacturer),
        "party": None,
        "packaging": None,
        "infringes": None,
    }


def new_item(key: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """`new_party` (name, role, uscc, side) or `new_product` (name, specification, approval_number,
    manufacturer) from a form or a JSON body; missing fields are empty."""

    def text(name: str) -> str:
        value = given.get(name)
        return "" if value is None else str(value)

    if key == "parties":
        return new_party(text("name"), text("role"), text("uscc"), text("side"))
    if key == "products":
        return new_product(text("name"), text("specification"), text("approval_number"), text("manufacturer"))
    raise FieldError(f"不能添加到：{key}")
