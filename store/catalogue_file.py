"""Reading a catalogue file as the platforms publish it (contract §2): CSV in UTF-8, UTF-8
with BOM or GB18030/GBK (detected), or XLSX (streamed, read-only); Chinese headers and their
variants; one or several 批准文号 per cell. Rows stream out one by one as `ParsedRow`s, so
memory does not grow with the file; a row that cannot be used carries its reason."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.identifiers.approval_numbers import normalize_approval_number
from matching.model import CatalogueItem
from store.catalogue import ParsedRow

# Column → the header names that mean it (contract §2; first is the contract's own name).
HEADERS: dict[str, tuple[str, ...]] = {
    "catalogue_id": ("产品编码", "挂网编码", "产品ID", "挂网产品编码", "产品代码"),
    "nhsa_code": ("医保代码", "医保药品代码", "医保耗材代码", "国家医保代码", "医保编码"),
    "name": ("通用名", "产品名称", "药品名称", "注册证产品名称", "通用名称", "药品通用名"),
    "trade_name": ("商品名", "商品名称"),
    "dosage_form": ("剂型",),
    "specification": ("规格", "规格型号", "型号"),
    "packaging": ("包装", "包装规格"),
    "manufacturer": ("生产企业", "生产厂家", "生产企业名称"),
    "holder": ("上市许可持有人", "注册人", "备案人", "上市许可持有人名称"),
    "approval_numbers": ("批准文号", "注册证号", "注册证编号", "备案号", "批准文号/注册证号"),
    "status": ("挂网状态",),
    "batch": ("集采批次",),
    "selected": ("中选状态",),
    "province": ("省份",),
}
REQUIRED = ("catalogue_id", "name")
# 挂网状态 as printed → the contract's four statuses.
STATUSES = {
    "申报中": "申报中", "待挂网": "申报中", "申请挂网": "申报中",
    "已挂网": "已挂网", "挂网中": "已挂网", "挂网": "已挂网", "正常挂网": "已挂网", "正常": "已挂网",
    "暂停挂网": "暂停挂网", "暂停": "暂停挂网", "挂网暂停": "暂停挂网",
    "已撤网": "已撤网", "撤网": "已撤网", "撤销挂网": "已撤网", "停止挂网": "已撤网", "已撤销": "已撤网",
}  # fmt: skip
SELECTED = {"中选": True, "是": True, "未中选": False, "否": False, "": False}
# Separators between several 批准文号 in one cell: "国药准字H1;国药准字H2", "…、…", "…，…", line breaks.
APPROVAL_SEPARATORS_RE = re.compile(r"[;；、,，\n]+")
# Header decorations: "*产品编码", "产品编码（必填）", "规格(mg)".
HEADER_NOTE_RE = re.compile(r"\((?:必填|选填|可选)\)$|^\*+|\*+$")
HEADER_SEARCH_ROWS = 20  # a title block above the header row is skipped, up to this many rows
SNIFF_LIMIT = 32 * 1024 * 1024  # bytes read at most to find non-ASCII text for detection
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls


class CatalogueFileError(Exception):
    """The file as a whole cannot be read; `str()` is the one-line reason."""


def detect_encoding(path: Path) -> str:
    """ "utf-8-sig", "utf-8" or "gb18030", judged on the first non-ASCII bytes of the file.

    Raises CatalogueFileError for text in none of them."""
    with path.open("rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raise CatalogueFileError("UTF-16 text; save the file as UTF-8 or GB18030 CSV, or as XLSX")
        handle.seek(0)
        sample = b""
        while len(sample) < SNIFF_LIMIT:
            chunk = handle.read(64 * 1024)
            if not chunk:
                break
            sample += chunk
            if any(byte >= 0x80 for byte in chunk):
                sample += handle.read(64 * 1024)
                break
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise CatalogueFileError("not UTF-8 or GB18030 text (is it a CSV or XLSX file?)")


def _clean_header(text: object) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = "".join(value.split())
    return HEADER_NOTE_RE.sub("", value)


def map_headers(row: list[object]) -> dict[str, int]:
    """Column → index for the recognised headers of `row` (first occurrence wins)."""
    lookup = {alias: column for column, aliases in HEADERS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        header = _clean_header(cell)
        column = lookup.get(header) or lookup.get(header.split("(")[0])
        if column and column not in found:
            found[column] = index
    return found


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _compact(text: str) -> str:
    """NFKC without whitespace; ASCII text (the usual case) is only stripped of spaces."""
    if text.isascii():
        return text.replace(" ", "") if " " in text else text
    return "".join(unicodedata.normalize("NFKC", text).split())


FIELDS = tuple(HEADERS)  # the order row_to_item reads the columns in


def field_indexes(columns: dict[str, int]) -> tuple[int, ...]:
    """The cell index of each of FIELDS (a large number for a column the file lacks)."""
    return tuple(columns.get(field, 1 << 30) for field in FIELDS)


def row_to_item(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    province: str | None,
    indexes: tuple[int, ...] | None = None,
) -> ParsedRow:
    """One data row (cells as text) as a CatalogueItem, or the reason it cannot be used.
    `indexes` is field_indexes(columns), passed in to compute it once per file."""
    width = len(cells)
    values = [cells[i].strip() if i < width else "" for i in (indexes or field_indexes(columns))]
    (raw_id, nhsa_code, name, trade_name, dosage_form, specification, packaging, manufacturer,
     holder, approval_text, status_text, batch, selected_text, row_province) = values  # fmt: skip
    catalogue_id = _compact(raw_id)
    name = "".join(name.split())
    if not catalogue_id:
        return ParsedRow(line, None, "no 产品编码")
    if not name:
        return ParsedRow(line, None, f"no 通用名 for 产品编码 {catalogue_id}")
    if "status" in columns:
        status_text = _compact(status_text)
        status = STATUSES.get(status_text)
        if status is None:
            shown = status_text or "(empty)"
            return ParsedRow(line, None, f"unknown 挂网状态 {shown} for 产品编码 {catalogue_id}")
    else:
        status = "已挂网"
    selected_text = _compact(selected_text)
    if selected_text not in SELECTED:
        return ParsedRow(line, None, f"unknown 中选状态 {selected_text} for 产品编码 {catalogue_id}")
    row_province = row_province or province
    if not row_province:
        return ParsedRow(line, None, f"no 省份 for 产品编码 {catalogue_id} (give --province)")
    approvals = tuple(
        dict.fromkeys(
            normalize_approval_number(part)
            for part in APPROVAL_SEPARATORS_RE.split(approval_text)
            if part.strip()
        )
    )
    item = CatalogueItem(
        province=row_province,
        catalogue_id=catalogue_id,
        name=name,
        nhsa_code=_compact(nhsa_code).upper() or None,
        trade_name=trade_name or None,
        dosage_form=dosage_form or None,
        specification=specification or None,
        packaging=packaging or None,
        manufacturer=manufacturer or None,
        holder=holder or None,
        approval_numbers=approvals,
        status=status,
        batch=batch or None,
        selected=SELECTED[selected_text],
    )
    return ParsedRow(line, item)


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read through it (for the progress bar)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        size = self._raw.readinto(buffer)
        self.count += size or 0
        return size


@dataclass
class CatalogueFile:
    """An opened catalogue file: `rows()` streams its rows; `done`/`total` measure progress
    (bytes for CSV, rows for XLSX)."""

    path: Path
    province: str | None = None
    total: int = 0
    done: int = 0
    kind: str = "csv"
    encoding: str | None = None

    @classmethod
    def open(cls, path: str | Path, province: str | None = None) -> CatalogueFile:
        """Check that `path` is a readable CSV or XLSX file; raises CatalogueFileError."""
        file_path = Path(path)
        if not file_path.is_file():
            raise CatalogueFileError("no such file")
        with file_path.open("rb") as handle:
            magic = handle.read(4)
        if not magic:
            raise CatalogueFileError("empty file")
        if magic.startswith(OLE_MAGIC):
            raise CatalogueFileError("Excel 97-2003 (.xls) file; save it as XLSX or CSV")
        opened = cls(path=file_path, province=province)
        if magic.startswith(ZIP_MAGIC):
            opened.kind = "xlsx"
        else:
            opened.encoding = detect_encoding(file_path)
            opened.total = file_path.stat().st_size
        return opened

    def rows(self) -> Iterator[ParsedRow]:
        """The data rows, in order; raises CatalogueFileError when the header is missing or
        the file turns out unreadable part-way."""
        return self._xlsx_rows() if self.kind == "xlsx" else self._csv_rows()

    def _header(self, numbered: Iterator[tuple[int, list[object]]]) -> dict[str, int]:
        for line, cells in numbered:
            columns = map_headers(cells)
            if all(c in columns for c in REQUIRED):
                if "province" not in columns and not self.province:
                    raise CatalogueFileError(
                        f"line {line}: no 省份 column; give the province with --province"
                    )
                return columns
            if line >= HEADER_SEARCH_ROWS:
                break
        wanted = "; ".join(f"{HEADERS[c][0]} ({', '.join(HEADERS[c][1:])})" for c in REQUIRED)
        raise CatalogueFileError(
            f"no header row with the required columns {wanted} in the first {HEADER_SEARCH_ROWS} rows"
        )

    def _csv_rows(self) -> Iterator[ParsedRow]:
        with self.path.open("rb") as binary:
            counter = _CountingReader(binary)  # type: ignore[arg-type]
            text = io.TextIOWrapper(io.BufferedReader(counter), encoding=self.encoding, newline="")
            first = text.readline()
            delimiter = "\t" if first.count("\t") > first.count(",") else ","
            reader = csv.reader(_chain_first(first, text), delimiter=delimiter)
            numbered = _numbered_csv(reader)
            try:
                columns = self._header(numbered)
                indexes = field_indexes(columns)
                for line, cells in numbered:
                    self.done = counter.count
                    if any(cells) and "".join(cells).strip():
                        yield row_to_item(line, cells, columns, self.province, indexes)
            except UnicodeDecodeError as error:
                raise CatalogueFileError(
                    f"not valid {self.encoding} after line {reader.line_num} ({error.reason})"
                ) from error
            except csv.Error as error:
                raise CatalogueFileError(f"line {reader.line_num}: {error}") from error
            self.done = self.total

    def _xlsx_rows(self) -> Iterator[ParsedRow]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise CatalogueFileError(f"not a readable XLSX file ({error})") from error
        try:
            sheet = book.worksheets[0]
            self.total = sheet.max_row or 0
            numbered = ((i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1))
            columns = self._header(numbered)
            indexes = field_indexes(columns)
            for line, values in numbered:
                self.done = line
                cells = [_cell(value) for value in values]
                if any(cells):
                    yield row_to_item(line, cells, columns, self.province, indexes)
        finally:
            book.close()


def _chain_first(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _numbered_csv(reader) -> Iterator[tuple[int, list[object]]]:  # type: ignore[no-untyped-def]
    """(first line number of the record, cells) for each CSV record."""
    previous_end = 0
    for record in reader:
        yield previous_end + 1, record
        previous_end = reader.line_num
