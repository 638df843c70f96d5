"""The audit log as a hash chain, and the check that proves it (pure: no database, no files).

Row `n` (its `seq`) carries `prev_hash`, the hash of row `n - 1` (GENESIS for the first),
and `row_hash`, the SHA-256 of its canonical content including `seq` and `prev_hash`. A
row rewritten, deleted or inserted with the database file in hand (triggers dropped and put
back) breaks the chain at that row; a history rewritten and re-chained from some row on is
caught against a chain head exported before (`Head`). Approval rows record the approved
document's SHA-256, so the documents' bytes are checked against the chain, not against
`drafts.docx_sha256`, which whoever holds the database can point at another file.

`verify` takes the rows in `seq` order (any iterable: it streams), the approved documents
and a reader of document bytes; the edges that read them are in `store/audit_verify.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

GENESIS = "0" * 64  # the previous hash of the first row
CANONICAL_VERSION = 1  # part of every hashed row: a future format cannot be confused with this one
APPROVAL_ACTION = "draft_approved"  # the row whose `after.sha256` is the approved document's hash
MAX_BREAKS = 100  # a truncated or re-chained history breaks at every row; the first ones say where


def canonical_time(moment: dt.datetime) -> str:
    """`moment` as UTC text with microseconds: the same for the aware value written and the
    naive UTC value SQLite gives back (PostgreSQL gives it back aware)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ChainRow:
    """One audit row as the chain sees it: its hashed content plus its stored hashes."""

    id: int
    seq: int | None
    prev_hash: str | None
    row_hash: str | None
    at: dt.datetime
    user_id: int | None
    username: str | None
    action: str
    subject: str | None
    before: str | None  # JSON text, hashed as stored
    after: str | None


def content_hash(seq: int, prev_hash: str, at: dt.datetime, user_id: int | None, username: str | None,
                 action: str, subject: str | None, before: str | None, after: str | None) -> str:
    """SHA-256 (hex) of a row's canonical serialisation: sorted-key compact JSON of every
    column but the row id (not known before the insert, and the chain orders by `seq`)."""
    canonical = json.dumps(
        {"v": CANONICAL_VERSION, "seq": seq, "prev": prev_hash, "at": canonical_time(at), "user_id": user_id,
         "username": username, "action": action, "subject": subject, "before": before, "after": after},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def row_content_hash(row: ChainRow) -> str | None:
    """What `row.row_hash` must be; None for a row without a sequence number or previous hash."""
    if row.seq is None or row.prev_hash is None:
        return None
    return content_hash(row.seq, row.prev_hash, row.at, row.user_id, row.username, row.action, row.subject,
                        row.before, row.after)


@dataclass(frozen=True)
class Head:
    """The chain's newest row: exported so that a later rewrite is caught by its holder."""

    seq: int
    hash: str
    at: dt.datetime

    def to_json(self) -> dict[str, object]:
        return {"sequence": self.seq, "hash": self.hash, "at": canonical_time(self.at) + "Z"}

    @classmethod
    def from_json(cls, data: object) -> Head:
        """The head of an exported JSON object; ValueError (in Chinese) when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("链头文件不是 JSON 对象")
        seq, hash_, at = data.get("sequence"), data.get("hash"), data.get("at")
        if not isinstance(seq, int) or seq < 1:
            raise ValueError("链头文件缺少有效的 sequence（序号）")
        if not isinstance(hash_, str) or len(hash_) != 64 or any(c not in "0123456789abcdef" for c in hash_):
            raise ValueError("链头文件缺少有效的 hash（64 位十六进制 SHA-256）")
        try:
            moment = dt.datetime.fromisoformat(str(at).removesuffix("Z"))
        except ValueError:
            raise ValueError("链头文件缺少有效的 at（时间）") from None
        return cls(seq, hash_, moment)


class Check(StrEnum):
    """What failed. The Chinese names are in CHECK_LABELS."""

    UNCHAINED = "unchained"
    SEQUENCE = "sequence"
    PREVIOUS = "previous"
    CONTENT = "content"
    NO_APPROVAL = "no_approval"
    DOCUMENT_RECORD = "document_record"
    DOCUMENT_MISSING = "document_missing"
    DOCUMENT_HASH = "document_hash"
    HEAD = "head"


CHECK_LABELS: dict[Check, str] = {
    Check.UNCHAINED: "未链入的记录",
    Check.SEQUENCE: "序号不连续",
    Check.PREVIOUS: "上一行哈希不符",
    Check.CONTENT: "内容哈希不符",
    Check.NO_APPROVAL: "缺少核准记录",
    Check.DOCUMENT_RECORD: "文书表哈希与核准记录不符",
    Check.DOCUMENT_MISSING: "核准文书文件缺失",
    Check.DOCUMENT_HASH: "文书文件与核准哈希不符",
    Check.HEAD: "导出的链头不在链中",
}


@dataclass(frozen=True)
class Break:
    """One place where the trail does not prove itself: the row (id and sequence) or the
    document (draft id), the check that failed, and why in Chinese."""

    check: Check
    detail: str
    row_id: int | None = None
    seq: int | None = None
    draft_id: int | None = None

    @property
    def where(self) -> str:
        places = []
        if self.row_id is not None:
            places.append(f"审计记录 id {self.row_id}（序号 {self.seq if self.seq is not None else '无'}）")
        elif self.seq is not None:
            places.append(f"序号 {self.seq}")
        if self.draft_id is not None:
            places.append(f"文书 {self.draft_id}")
        return "、".join(places) or "审计链"

    @property
    def message(self) -> str:
        return f"{self.where}：{CHECK_LABELS[self.check]}——{self.detail}"

    def to_json(self) -> dict[str, object]:
        return {"check": self.check.value, "row_id": self.row_id, "seq": self.seq, "draft_id": self.draft_id,
                "message": self.message}


@dataclass(frozen=True)
class ApprovedDocument:
    """A draft the drafts table says is approved or issued, with the hash it stores."""

    draft_id: int
    state: str
    docx_sha256: str | None


@dataclass(frozen=True)
class Verdict:
    """The result of a verification: how much was checked, the head found, what broke."""

    rows: int
    documents: int
    head: Head | None
    breaks: tuple[Break, ...] = field(default=())
    more_breaks: int = 0  # beyond MAX_BREAKS, counted but not kept

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def summary(self) -> str:
        """One Chinese sentence: intact, or where it first breaks and how many breaks."""
        if self.ok:
            return f"审计链完整：{self.rows} 条记录，{self.documents} 份核准文书与核准时的哈希一致"
        total = len(self.breaks) + self.more_breaks
        return f"审计链在{self.breaks[0].where}处断开：{CHECK_LABELS[self.breaks[0].check]}（共 {total} 处问题）"

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "rows": self.rows, "documents": self.documents, "summary": self.summary,
                "head": self.head.to_json() if self.head else None,
                "breaks": [b.to_json() for b in self.breaks], "more_breaks": self.more_breaks}


def _approved_sha(row: ChainRow) -> tuple[int, str] | None:
    """(draft id, recorded SHA-256) of an approval row; None for other rows or a malformed one."""
    if row.action != APPROVAL_ACTION or not (row.subject or "").startswith("draft:"):
        return None
    try:
        draft_id = int((row.subject or "").removeprefix("draft:"))
        sha256 = json.loads(row.after or "null")["sha256"]
    except (ValueError, TypeError, KeyError):
        return None
    return (draft_id, sha256) if isinstance(sha256, str) else None


def verify(rows: Iterable[ChainRow], documents: Iterable[ApprovedDocument],
           read: Callable[[str], bytes | None], head: Head | None = None) -> Verdict:
    """Check the chain `rows` (in `seq` order, rows without one first) and the documents.

    Per row, the first failing of: has a sequence and hashes (UNCHAINED); follows the
    previous row's sequence (SEQUENCE: a row deleted or inserted); names the previous row's
    hash (PREVIOUS: the previous row was replaced); its content hashes to its hash (CONTENT:
    rewritten). Per approval row: the file of the recorded hash exists (DOCUMENT_MISSING)
    and its bytes hash to it (DOCUMENT_HASH). Per approved or issued draft: an approval row
    exists (NO_APPROVAL) and names the hash the drafts table stores, i.e. the file a download
    serves (DOCUMENT_RECORD). With `head`: the row of its sequence still has its hash (HEAD).
    `read(sha256)` gives the stored document's bytes, or None when there is no such file."""
    breaks: list[Break] = []
    more = 0

    def broke(item: Break) -> None:
        nonlocal more
        if len(breaks) < MAX_BREAKS:
            breaks.append(item)
        else:
            more += 1

    count = 0
    previous: ChainRow | None = None
    last: ChainRow | None = None
    approvals: dict[int, tuple[str, ChainRow]] = {}
    head_row: ChainRow | None = None
    for row in rows:
        count += 1
        if head is not None and row.seq == head.seq:
            head_row = row
        found = _approved_sha(row)
        if found:
            approvals[found[0]] = (found[1], row)
        expected_hash = row_content_hash(row)
        if expected_hash is None or row.row_hash is None:
            broke(Break(Check.UNCHAINED, "没有序号或哈希：绕过应用直接写入", row.id, row.seq))
            continue
        assert row.seq is not None  # row_content_hash is None otherwise
        want_seq = previous.seq + 1 if previous is not None and previous.seq is not None else 1
        want_prev = previous.row_hash if previous is not None else GENESIS
        if row.seq != want_seq:
            lost = f"序号 {want_seq} 至 {row.seq - 1} 缺失" if row.seq > want_seq else f"序号 {row.seq} 重复或倒序"
            broke(Break(Check.SEQUENCE, f"应为 {want_seq}，实为 {row.seq}：{lost}（记录被删除或插入）",
                        row.id, row.seq))
        elif row.prev_hash != want_prev:
            broke(Break(Check.PREVIOUS, f"本行记录的上一行哈希 {row.prev_hash[:12]}… 与序号 {want_seq - 1} 的哈希 "
                                        f"{want_prev[:12] if want_prev else '无'}… 不符（上一行被改写后重算了哈希）",
                        row.id, row.seq))
        elif row.row_hash != expected_hash:
            broke(Break(Check.CONTENT, "本行内容与记录的哈希不符（记录被改写）", row.id, row.seq))
        previous = row
        last = row

    documents_checked = 0
    for draft_id, (sha256, row) in sorted(approvals.items()):
        documents_checked += 1
        content = read(sha256)
        if content is None:
            broke(Break(Check.DOCUMENT_MISSING, f"文书 {draft_id} 的核准文件（SHA-256 {sha256[:12]}…）不存在",
                        row.id, row.seq, draft_id))
        elif hashlib.sha256(content).hexdigest() != sha256:
            broke(Break(Check.DOCUMENT_HASH, f"文书 {draft_id} 的文件内容与核准时记录的 SHA-256 {sha256[:12]}… 不符"
                                             "（文件被替换）", row.id, row.seq, draft_id))
    for document in documents:
        if document.state not in ("approved", "issued"):
            continue
        approval = approvals.get(document.draft_id)
        if approval is None:
            broke(Break(Check.NO_APPROVAL, f"文书表中为“{document.state}”，审计链中却没有它的核准记录",
                        draft_id=document.draft_id))
        elif document.docx_sha256 != approval[0]:
            broke(Break(Check.DOCUMENT_RECORD,
                        f"文书表记录的 SHA-256 {(document.docx_sha256 or '无')[:12]}… 与核准记录的 {approval[0][:12]}… "
                        "不符（下载会提供另一份文件）", approval[1].id, approval[1].seq, document.draft_id))

    if head is not None:
        if head_row is None:
            broke(Break(Check.HEAD, f"导出的链头序号 {head.seq} 已不在链中（历史被截断）", seq=head.seq))
        elif head_row.row_hash != head.hash:
            broke(Break(Check.HEAD, f"导出的链头哈希 {head.hash[:12]}… 与现在序号 {head.seq} 的哈希 "
                                    f"{(head_row.row_hash or '无')[:12]}… 不符（此前的历史被改写并重新链接）",
                        head_row.id, head_row.seq))

    found_head = (Head(last.seq, last.row_hash, last.at)
                  if last is not None and last.seq is not None and last.row_hash else None)
    return Verdict(count, documents_checked, found_head, tuple(breaks), more)
