"""Drafting: a `Plan` becomes a DOCX through its docxtpl template, with the document number
and the date it is issued. Templates are read once per process and kept as bytes.

The number allocator and the clock are passed in (`NumberAllocator`, `today`), so drafting
is deterministic under test; the commands pass the data folder's allocator
(`store.numbers.allocate_document_number`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from docx.shared import Pt
from docxtpl import DocxTemplate, Listing

import templates
from extract.identifiers.cn_dates import format_gbt9704_date
from generate.documents import Plan, title_lines
from generate.layout import TEXT_WIDTH_MM
from generate.model import DOCUMENT_KINDS, DraftedDocument

TEMPLATES_DIR = Path(templates.__file__).resolve().parent

# (机关代字, year) -> the next sequence number of that office in that year, never given twice.
NumberAllocator = Callable[[str, int], int]

# Characters a file name cannot hold on Windows or Linux: `甲/乙:公司` → `甲_乙_公司`.
UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def document_number(prefix: str, year: int, sequence: int) -> str:
    """发文字号 of GB/T 9704: `粤医采〔2099〕12号` (year in 六角括号, no 第, no zero padding)."""
    return f"{prefix}〔{year}〕{sequence}号"


class _CompiledOnce(jinja2.Environment):
    """A Jinja environment that compiles each distinct source once.

    docxtpl compiles every XML part of a template on every render; the parts of a template
    never change between renders, so a warm process reuses the compiled templates (that is
    most of the time of drafting one document).
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 256:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


class _Template(DocxTemplate):
    """docxtpl's template with its pure XML clean-up (`patch_xml`) remembered per source."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) > 256:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


class TemplateSet:
    """The seven templates of a folder, read once; `render` makes a fresh document each time."""

    def __init__(self, folder: Path = TEMPLATES_DIR) -> None:
        self.folder = Path(folder)
        self._bytes: dict[str, bytes] = {}
        self._environment = _CompiledOnce()

    def path(self, kind: str) -> Path:
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind: {kind}")
        return self.folder / f"{kind}.docx"

    def template(self, kind: str) -> DocxTemplate:
        """A fresh docxtpl template of `kind` (docxtpl templates can be rendered only once)."""
        if kind not in self._bytes:
            self._bytes[kind] = self.path(kind).read_bytes()
        return _Template(io.BytesIO(self._bytes[kind]))

    def variables(self, kind: str) -> set[str]:
        """The variables the template of `kind` uses."""
        return set(self.template(kind).get_undeclared_template_variables())

    def render(self, kind: str, values: dict[str, object]) -> bytes:
        """The DOCX bytes of `kind` filled with `values` (text is XML-escaped)."""
        document = self.template(kind)
        title = values.get("title")
        if isinstance(title, str):  # line breaks at natural places, as a Listing keeps them
            values = {**values, "title": Listing("\n".join(title_lines(title)))}
        document.render(values, self._environment, autoescape=True)
        fit_mark(document.docx, str(values.get("office_mark") or ""))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _width_in_chars(text: str) -> float:
    """Width in full-width characters: CJK 1, ASCII ½."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def fit_mark(document, mark: str) -> None:
    """Shrink the 发文机关标志 so that it stays on one line (its width never exceeds the 版心).

    GB/T 9704 leaves the size of the mark open but asks it to fit; a long office name at the
    template's 36 pt would wrap. Only runs whose text is the mark, at 26 pt or more, change.
    """
    if not mark:
        return
    width_pt = TEXT_WIDTH_MM / 25.4 * 72
    largest = math.floor(width_pt / _width_in_chars(mark) * 2) / 2
    section = document.sections[0]
    paragraphs = [*document.paragraphs[:3], *section.first_page_header.paragraphs, *section.header.paragraphs]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            size = run.font.size
            if run.text == mark and size is not None and size.pt >= 26 and size.pt > largest:
                run.font.size = Pt(largest)


class DeadlinePassed(ValueError):
    """A letter would ask for a reply by a day that is not after its own date; `str()` says so."""


def check_deadline(plan: Plan, today: dt.date) -> None:
    """DeadlinePassed when the plan asks for a reply by `today` or earlier (an opinion request
    approved on 2 December asked for a reply 请于2026年12月1日前函复)."""
    deadline = plan.values.get("reply_deadline_on")
    if deadline and dt.date.fromisoformat(str(deadline)) <= today:
        raise DeadlinePassed(f"答复期限{format_gbt9704_date(dt.date.fromisoformat(str(deadline)))}不晚于发文日期"
                             f"{format_gbt9704_date(today)}：请在异议页改定答复期限后重新起草")


def issue(plan: Plan, allocate: NumberAllocator, today: dt.date) -> tuple[str, dict[str, object]]:
    """Allocates the plan's number and returns it with the complete template values.
    DeadlinePassed (nothing allocated) when the reply it asks for would be due already."""
    check_deadline(plan, today)
    number = document_number(plan.prefix, today.year, allocate(plan.prefix, today.year))
    return number, {**plan.values, "number": number, "date": format_gbt9704_date(today)}


def file_name(plan: Plan, number: str) -> str:
    """`delisting_notice_粤医采2099-12_甲乙制药有限公司.docx`."""
    digits = re.sub(r"〔(\d+)〕(\d+)号", r"\1-\2", number)
    return UNSAFE_FILENAME.sub("_", f"{plan.kind}_{digits}_{plan.enterprise}")[:120] + ".docx"


def draft(plans: Sequence[Plan], out_dir: Path, allocate: NumberAllocator, today: dt.date,
          templates_: TemplateSet | None = None) -> list[DraftedDocument]:
    """Writes one DOCX per plan into `out_dir` (created when missing); returns what was written."""
    templates_ = templates_ or TemplateSet()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    drafted = []
    for plan in plans:
        number, values = issue(plan, allocate, today)
        name = file_name(plan, number)
        (out_dir / name).write_bytes(templates_.render(plan.kind, values))
        title = str(values.get("title") or "")
        drafted.append(DraftedDocument(plan.kind, name, number, title, plan.catalogue_ids))
    return drafted
