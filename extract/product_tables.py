"""Products printed in tables: a row per product (产品名称 | 规格 | 批准文号), a key/value table
of one product (仿制药名称 | 甲磺酸奥希替尼片), or a comparison table with a column per product
(项目 | 原研药 | 被诉侵权产品; rows 批准文号, 规格, 生产企业) — whose row labels are not products."""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.identifiers.approval_numbers import find_application_numbers, find_approval_numbers
from extract.identifiers.product_codes import find_product_codes
from extract.mentions import Mention
from extract.model import Table

NameFinder = Callable[[str], list[tuple[int, int, str]]]

# Table headers that name a product column / detail columns.
NAME_HEADER = re.compile(r"产品名称|药品名称|通用名|名称|品名|器械名称|注册证产品名称")
SPEC_HEADER = re.compile(r"规格|型号")
PACK_HEADER = re.compile(r"包装")
MAKER_HEADER = re.compile(r"生产企业|生产厂家|上市许可持有人|注册人|制造商")
CODE_HEADER = re.compile(r"编码|代码|产品ID")
FINDING_HEADER = re.compile(r"是否(?:侵权|落入)|比对结论|认定|结论")

# Keys of a key/value table describing one product: "仿制药名称 | 甲磺酸奥希替尼片", "仿制药规格 | 80mg"
KV_NAME_KEY = re.compile(r"^(?:涉案|被诉侵权|被诉)?(?:仿制药|产品|药品|器械)?(?:名称|通用名称?)$")
KV_BACKGROUND_KEY = re.compile(r"上市药品|原研|参比|登记(?:的)?药品|专利|请求人")
KV_KEYS = (
    (SPEC_HEADER, "specification"),
    (PACK_HEADER, "packaging"),
    (MAKER_HEADER, "manufacturer"),
)

# The row label of a comparison table with a column per product: "批准文号", "规格", "生产企业",
# "药品名称", "剂型", "适应症" (a label, not a product's name).
ROW_LABEL = re.compile(
    r"^(?:药品|产品|器械)?(?:名称|通用名称?|商品名称?|批准文号|注册证(?:编?号)?|规格(?:型号)?|型号(?:规格)?|剂型|包装(?:规格)?|"
    r"生产企业|生产厂家|上市许可持有人|注册人|持有人|适应症|功能主治|成分|处方|结构|用法用量|有效期|执行标准|比对结果|是否相同)$"
)
NAME_ROW = re.compile(r"^(?:药品|产品|器械)?(?:名称|通用名称?)$")
TRADE_ROW = re.compile(r"^商品名称?$")
# A column header naming the rights holder's own or reference product: "原研药", "原告产品",
# "参比制剂", "专利药品", "请求人上市药品".
BACKGROUND_COLUMN = re.compile(r"原研|参比|专利(?:药|产品)|上市药品|原告|请求人|权利人|专利权人|被仿制")
# A column header naming the accused product: "被诉侵权产品", "被告产品", "仿制药", "被请求人".
ACCUSED_COLUMN = re.compile(r"被诉|被控|被告|被请求人|被申请人|(?<!被)仿制药|涉案产品")


def table_mentions(text: str, table: Table, find_names: NameFinder) -> list[Mention]:
    """One mention per product of a table (see the module's docstring)."""
    if len(table.cells) < 2:
        return []
    columns = _column_mentions(text, table, find_names)
    if columns is not None:
        return columns
    kv = _key_value_mention(text, table)
    if kv is not None:
        return [kv]
    return _row_mentions(text, table)


def _cell(text: str, row, index: int) -> tuple[str, tuple[int, int]] | None:
    if index >= len(row):
        return None
    start, end = row[index]
    value = text[start:end].strip()
    start += len(text[start:end]) - len(text[start:end].lstrip())
    return (value, (start, start + len(value))) if value and value not in ("/", "—", "-", "无") else None


def _column_mentions(text: str, table: Table, find_names: NameFinder) -> list[Mention] | None:
    """A comparison table's columns as mentions, or None when the table is not one: its first
    column (below the header) is mostly detail labels (批准文号, 规格 …)."""
    labels = [text[row[0][0] : row[0][1]].strip() for row in table.cells[1:] if row]
    if len(labels) < 2 or sum(bool(ROW_LABEL.match(label)) for label in labels) * 2 < len(labels):
        return None
    header = table.cells[0]
    mentions = []
    for col in range(1, len(header)):
        head = _cell(text, header, col)
        name_cell = next(
            (_cell(text, row, col) for row in table.cells[1:] if row and NAME_ROW.match(text[row[0][0] : row[0][1]].strip())),
            None,
        )
        trade_cell = next(
            (_cell(text, row, col) for row in table.cells[1:] if row and TRADE_ROW.match(text[row[0][0] : row[0][1]].strip())),
            None,
        )
        if name_cell is None and head is not None:
            found = find_names(head[0])
            if found:
                s, e, name = found[0]
                name_cell = (name, (head[1][0] + s, head[1][0] + e))
        name_cell = name_cell or trade_cell
        heading = head[0] if head else ""
        if name_cell is None:
            if not (BACKGROUND_COLUMN.search(heading) or ACCUSED_COLUMN.search(heading)) or head is None:
                continue
            name_cell = ("", head[1])  # "被诉侵权产品": the accused product named elsewhere
        mention = Mention(name_cell[0], name_cell[1])
        mention.background = bool(BACKGROUND_COLUMN.search(heading)) and not ACCUSED_COLUMN.search(heading)
        mention.accused = bool(ACCUSED_COLUMN.search(heading))
        for row in table.cells[1:]:
            label = text[row[0][0] : row[0][1]].strip() if row else ""
            cell = _cell(text, row, col)
            if cell is None:
                continue
            for pattern, attr in KV_KEYS:
                if pattern.search(label) and getattr(mention, attr) is None:
                    setattr(mention, attr, cell)
            _numbers(mention, *cell)
        if mention.specification:
            mention.items = [mention.specification[0]]
        mentions.append(mention)
    return mentions


def _numbers(mention: Mention, value: str, span: tuple[int, int]) -> None:
    """Approval numbers, 受理号 and codes printed in one cell."""
    offset = span[0]
    cell = value
    for f in find_approval_numbers(cell):
        mention.approvals.append((f.value, (offset + f.start, offset + f.end)))
    apps = find_application_numbers(cell)
    if apps and mention.application is None:
        mention.application = (apps[0].value, (offset + apps[0].start, offset + apps[0].end))
    for f in find_product_codes(cell):
        mention.codes.append((f.value, (offset + f.start, offset + f.end)))


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
        _numbers(mention, text[cs:ce], (cs, ce))
    if mention.specification:
        mention.items = [mention.specification[0]]
    return mention


def _row_mentions(text: str, table: Table) -> list[Mention]:
    """One mention per data row of a table whose header names a product column."""
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
            if col is not None and (cell := _cell(text, row, col)) is not None:
                setattr(mention, attr, cell)
        if mention.specification:
            mention.items = [mention.specification[0]]
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
