"""The types the generate stage produces: what the policy requires (`Finding`, `Action`),
the objection records it drafts letters from (`Objection`), and the drafted documents
(`DraftedDocument`). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matching.model import CatalogueItem

# --- action kinds (contract §4, "When a finding can be acted on") -----------------------

REFUSE_LISTING = "refuse_listing"  # 不予挂网
DELIST = "delist"  # 撤网
CANCEL_SELECTION = "cancel_selection"  # 取消中选资格
WATCH = "watch"  # 跟踪: no notice, a reminder
RESTORE_LISTING = "restore_listing"  # 恢复挂网
NONE = "none"

ACTION_KINDS = (REFUSE_LISTING, DELIST, CANCEL_SELECTION, WATCH, RESTORE_LISTING, NONE)
# The actions that take a product off the market; the ones `restore_listing` can undo.
DRASTIC_ACTIONS = (REFUSE_LISTING, DELIST, CANCEL_SELECTION)

# 处理措施 as printed in the product table
ACTION_LABELS = {
    REFUSE_LISTING: "不予挂网",
    DELIST: "撤网",
    CANCEL_SELECTION: "取消中选资格",
    WATCH: "跟踪",
    RESTORE_LISTING: "恢复挂网",
    NONE: "不采取措施",
}

# --- document kinds (contract §4, "The documents") -------------------------------------

DELISTING_NOTICE = "delisting_notice"
SELECTION_CANCELLATION_NOTICE = "selection_cancellation_notice"
LISTING_REFUSAL_NOTICE = "listing_refusal_notice"
RESTORATION_NOTICE = "restoration_notice"
COPY_LETTER = "copy_letter"
DISPUTE_GUIDANCE = "dispute_guidance"
OPINION_REQUEST = "opinion_request"

NOTICE_KINDS = (DELISTING_NOTICE, SELECTION_CANCELLATION_NOTICE, LISTING_REFUSAL_NOTICE, RESTORATION_NOTICE)
LETTER_KINDS = (COPY_LETTER, DISPUTE_GUIDANCE, OPINION_REQUEST)
DOCUMENT_KINDS = NOTICE_KINDS + LETTER_KINDS

# The notice an action calls for (watch and none call for none).
NOTICE_FOR_ACTION = {
    DELIST: DELISTING_NOTICE,
    CANCEL_SELECTION: SELECTION_CANCELLATION_NOTICE,
    REFUSE_LISTING: LISTING_REFUSAL_NOTICE,
    RESTORE_LISTING: RESTORATION_NOTICE,
}


@dataclass(frozen=True)
class Finding:
    """What one accused product's finding allows, and why, in words an officer can check."""

    product: int  # index into Ruling.products
    actionable: bool  # all three conditions of clause 六 hold
    watch: bool  # a court found infringement with a stop order, not yet effective
    reasons: tuple[str, ...]  # one sentence per condition checked, in order
    check: str | None = None  # a question for the officer when the document alone cannot tell


class Guard(StrEnum):
    """The precision guards (contract §4, "Whose item", "Not findings", "Never silently
    none"): each stops an action the reading alone does not justify. The Chinese label is
    what the officer reads beside the reason."""

    # an item whose enterprise is on the rights holder's side is never acted on
    RIGHTS_HOLDER_ITEM = "rights_holder_item"
    # an item whose enterprise is not an accused party (the order binds a distributor, a hospital)
    MAKER_NOT_A_PARTY = "maker_not_a_party"
    # an item whose enterprise is accused, but the stop orders name only other parties
    MAKER_NOT_ORDERED = "maker_not_ordered"
    # the catalogue names no enterprise for the item: who makes it cannot be checked
    MAKER_UNKNOWN = "maker_unknown"
    # the ruling gives the product to another accused party than the item's enterprise
    PRODUCT_OF_ANOTHER_PARTY = "product_of_another_party"
    # the whole ruling: an interim order (行为保全, 诉前禁令) or a mediation agreement orders a stop
    NOT_A_FINDING = "not_a_finding"
    # the whole ruling: a stop order is read, but something acting on it needs is not
    UNREAD = "unread"


GUARD_LABELS = {
    Guard.RIGHTS_HOLDER_ITEM: "权利人一方的产品",
    Guard.MAKER_NOT_A_PARTY: "企业不是被诉当事人",
    Guard.MAKER_NOT_ORDERED: "判项未责令该企业停止",
    Guard.MAKER_UNKNOWN: "目录未载明企业",
    Guard.PRODUCT_OF_ANOTHER_PARTY: "产品归属与企业不符",
    Guard.NOT_A_FINDING: "不是侵权认定",
    Guard.UNREAD: "关键信息未能识别",
}


@dataclass(frozen=True)
class Hold:
    """Something a person must look at before anything is done: one matched item the guards
    stopped, or (item None) the ruling as a whole."""

    guard: Guard
    why: str  # in Chinese, naming the value that is missing or in doubt
    product: int | None = None  # index into Ruling.products; None for the ruling as a whole
    item: CatalogueItem | None = None


@dataclass(frozen=True)
class PriorAction:
    """An action drafted earlier on a catalogue item, as the data folder remembers it: a
    drastic one (which `restore_listing` may undo) or a `watch` (whose judgment a later
    appeal judgment may uphold)."""

    province: str
    catalogue_id: str
    action: str  # one of DRASTIC_ACTIONS, or WATCH
    case_number: str  # the ruling it was based on


@dataclass(frozen=True)
class Action:
    """What the policy requires for one matched catalogue item."""

    product: int  # index into Ruling.products
    item: CatalogueItem
    action: str  # one of ACTION_KINDS
    basis: str  # in words: the case number, the authority, the clause of the policy
    estimated_date: str | None = None  # watch only: ISO date, an estimate (decision date + appeal period)
    guard: Guard | None = None  # the precision guard that stopped a drastic action, if one did

    @property
    def notice_kind(self) -> str | None:
        """The document kind this action is drafted into, or None (watch, none)."""
        return NOTICE_FOR_ACTION.get(self.action)


@dataclass(frozen=True)
class Objection:
    """An objection (异议) against a listed item received by the procurement agency.

    Clause 四: the agency may ask the IP office for an opinion within a deadline; clause 五:
    it may tell the parties to take the dispute to the IP office or a court.
    """

    objector: str  # who objects (usually the patentee)
    province: str  # the listed item's key: 省份
    catalogue_id: str  # and 产品编码
    patent: str  # ZL201911937865.X
    received: str  # ISO date the objection was received
    reply_deadline: str  # ISO date by which the IP office's opinion is asked for
    product_name: str | None = None  # 通用名 of the listed item, as the objection names it
    enterprise: str | None = None  # the enterprise that listed the item (the other party)
    id: int | None = None  # set by the data folder


@dataclass(frozen=True)
class DraftedDocument:
    """One drafted document, as written to the output folder."""

    kind: str  # one of DOCUMENT_KINDS
    path: str  # relative to the output folder
    number: str  # 发文字号, e.g. 粤医采〔2099〕12号
    title: str
    catalogue_ids: tuple[str, ...] = ()
    pdf_path: str | None = None  # relative, when LibreOffice made a PDF copy
