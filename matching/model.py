"""The types the matching stage uses and produces. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass

# 挂网状态 as the contract names them (import maps synonyms onto these)
LISTING_STATUSES = ("申报中", "已挂网", "暂停挂网", "已撤网")


@dataclass(frozen=True)
class CatalogueItem:
    """One listed product of a procurement platform; key (province, catalogue_id)."""

    province: str  # 省份
    catalogue_id: str  # 产品编码
    name: str  # 通用名
    nhsa_code: str | None = None  # 医保代码
    trade_name: str | None = None  # 商品名
    dosage_form: str | None = None  # 剂型
    specification: str | None = None  # 规格
    packaging: str | None = None  # 包装
    manufacturer: str | None = None  # 生产企业
    holder: str | None = None  # 上市许可持有人 / 注册人
    approval_numbers: tuple[str, ...] = ()  # 批准文号 / 注册证号
    status: str = "已挂网"  # one of LISTING_STATUSES
    batch: str | None = None  # 集采批次
    selected: bool = False  # 中选状态 == 中选


@dataclass(frozen=True)
class Match:
    """A candidate pairing of an accused product with a catalogue item."""

    product: int  # index into Ruling.products
    item: CatalogueItem
    score: float  # 0.0–1.0
    decision: str  # "auto" | "review" | "rejected"
    because: tuple[str, ...]  # one reason per field that moved the score
