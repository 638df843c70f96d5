"""The reader's working records of products: each mention of a product name with the details
printed after it (`Mention`), and the accused products they merge into (`FoundProduct`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.segments import Span


@dataclass
class Mention:
    name: str
    span: Span
    accused: bool = False  # an accused cue stands near it (被诉侵权产品, 被告…生产的)
    background: bool = False  # the rights holder's own or reference product (原研药, 参比制剂)
    other: bool = False  # another maker's product (案外人…生产的), or said not to be accused
    inspected: bool = False  # an item listed in an inspection record (勘验: "内有…一支")
    specification: tuple[str, Span] | None = None  # the first printed value, for evidence
    items: list[str] = field(default_factory=list)  # every strength or model printed for it
    certificate: bool = False  # the items are a registration certificate's model list
    named: list[str] = field(default_factory=list)  # items printed just before the name
    packaging: tuple[str, Span] | None = None
    manufacturer: tuple[str, Span] | None = None
    approvals: list[tuple[str, Span]] = field(default_factory=list)
    paired: dict[str, str] = field(default_factory=dict)  # approval number → its item
    application: tuple[str, Span] | None = None
    codes: list[tuple[str, Span]] = field(default_factory=list)
    finding: bool | None = None  # from a table's 结论 column
    maker_hint: tuple[str, Span] | None = None  # "X制造的" just before the name


@dataclass(frozen=True)
class FoundProduct:
    name: str
    name_span: Span
    specification: tuple[str, Span] | None  # the items kept, joined by 、; span of the first
    packaging: tuple[str, Span] | None
    manufacturer: tuple[str, Span] | None
    approvals: tuple[tuple[str, Span], ...]
    application: tuple[str, Span] | None
    codes: tuple[tuple[str, Span], ...]
    finding: bool | None
    maker_hint: tuple[str, Span] | None
    dropped: tuple[str, ...] = ()  # approval numbers printed for it but of a strength not accused
