"""The types the extraction stage produces.

Two layers:
- `Document`: what a file says, in reading order, with the position of every character
  (produced by the readers in `pdf.py`, `docx.py`, `ocr.py`).
- `Ruling`: what the document means, field by field, each value with its evidence
  (produced by `ruling.py` from a `Document`). Its JSON form is the contract's
  `ruling.schema.json` (see `jsonout.py`).

Only the standard library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_ID = "rulingdesk.ruling/1"


# --- the document as read -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """Where one character (or a run of characters) stands on a page."""

    page: int  # 1-based page number
    x0: float  # left, PDF points
    top: float  # distance from the top of the page, PDF points
    x1: float  # right
    bottom: float  # bottom


@dataclass(frozen=True, slots=True)
class Table:
    """A table kept as cells: `cells[row][col]` is a (start, end) span into `Document.text`."""

    cells: tuple[tuple[tuple[int, int], ...], ...]
    page: int  # page where the table starts


@dataclass(frozen=True)
class Document:
    """A file's text in reading order.

    `text` holds one paragraph per line ('\\n' between paragraphs; wrapped lines already
    joined; running headers, footers and page numbers removed). A table is written into
    `text` one row per line with cells separated by '\\t', and also listed in `tables`.
    `boxes[i]` is where `text[i]` stands, or None for characters the reader inserted
    (separators) or when the format has no positions (DOCX: page known, no box).
    """

    text: str
    boxes: tuple[Box | None, ...]  # same length as text
    pages: int  # number of pages in the file (1 for DOCX)
    tables: tuple[Table, ...] = ()
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR
    page_of_char: tuple[int, ...] = ()  # page of every char (filled even when boxes are None)
    warnings: tuple[str, ...] = ()  # reader-level doubts (e.g. "page 3 is a scan")

    def page_at(self, offset: int) -> int:
        """The 1-based page that holds `text[offset]` (1 when unknown)."""
        if self.page_of_char and 0 <= offset < len(self.page_of_char):
            return self.page_of_char[offset]
        box = self.boxes[offset] if 0 <= offset < len(self.boxes) else None
        return box.page if box else 1


# --- the ruling as understood ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value was read: `text` as printed, on `page`, inside `bbox` (None for DOCX)."""

    field: str  # JSON path of the value, e.g. "parties[1].uscc"
    page: int
    text: str
    bbox: tuple[float, float, float, float] | None  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True)
class Source:
    filename: str  # base name of the file read
    sha256: str  # of the file's bytes
    pages: int
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Authority:
    name: str | None  # as printed: 最高人民法院, 广东省知识产权局
    kind: str | None  # "court" | "ip_office" | None


@dataclass(frozen=True)
class Party:
    name: str  # as printed, whitespace removed
    role: str  # plaintiff, defendant, appellant, appellee, requester, respondent, retrial_*, third_party
    role_label: str | None = None  # as printed: 上诉人（原审被告）
    side: str | None = None  # "rights_holder" | "accused" | None
    kind: str = "company"  # "company" | "person" | "other"
    uscc: str | None = None  # only when printed and its check character is valid
    address: str | None = None
    representative: str | None = None  # 法定代表人 / 负责人
    short_names: tuple[str, ...] = ()  # what the text calls it afterwards: （以下简称甲公司）


@dataclass(frozen=True)
class Patent:
    number: str  # ZL201911937865.X
    title: str | None = None
    kind: str | None = None  # "invention" | "utility_model" | "design" | None
    publication_number: str | None = None  # CN116455754B


@dataclass(frozen=True)
class Product:
    name: str  # as the document gives it: 艾地骨化醇软胶囊
    specification: str | None = None  # 0.75μg
    approval_numbers: tuple[str, ...] = ()  # 国药准字H20213456 / 国械注准20213130109
    application_number: str | None = None  # 受理号 CYHS2201187 (linkage cases)
    codes: tuple[str, ...] = ()  # 医保代码 or platform codes
    manufacturer: str | None = None
    party: str | None = None  # accused party's name as in Ruling.parties
    packaging: str | None = None
    infringes: bool | None = None  # this product's own finding


@dataclass(frozen=True)
class Outcome:
    infringement: bool | None  # None: the document decides nothing on it
    disposition: str | None = None  # infringement_found, no_infringement, appeal_dismissed, ...
    orders: tuple[str, ...] = ()  # 停止制造, 停止销售, 赔偿经济损失 ...
    damages_cny: float | None = None
    operative_text: str | None = None  # 判决/裁决主文 verbatim
    # stop orders of the earlier decision this one keeps in force (维持原判, 维持…第一项,
    # 驳回再审申请), read from the history where it is quoted: "一审法院判决：一、…停止制造…"
    upheld_orders: tuple[str, ...] = ()
    # the parties (full names) the stop orders name; empty when they name none ("被告立即停止…"):
    # then they bind the accused side as a whole
    stop_parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ruling:
    """Everything `rulingdesk extract` says about one file."""

    source: Source
    document_type: str  # judgment, ruling, administrative_ruling, administrative_decision, mediation, other
    authority: Authority
    case_number: str | None
    decision_date: str | None  # ISO 8601
    effective: bool | None
    outcome: Outcome
    prior_case_numbers: tuple[str, ...] = ()
    cause: str | None = None  # 案由
    procedure: str | None = None  # first_instance, second_instance, retrial, administrative
    appeal_period_days: int | None = None
    parties: tuple[Party, ...] = ()
    patents: tuple[Patent, ...] = ()
    products: tuple[Product, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


class ReadError(Exception):
    """A file that cannot be read; `str()` is the one-line reason a clerk sees."""
