"""The source markup of the corpus (`corpus/src/<id>.txt`), parsed into blocks.

A source is a front-matter block between `---` lines, then one paragraph per line with a
few `@` directives (see `corpus/README.md`). Parsing is pure: `parse_source(text, name)`
takes the text and the file name used in error messages; `load_source(path)` reads a file.
Every mistake raises `MarkupError` naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ParagraphKind = Literal["body", "center", "title", "right", "left"]

# Directives that carry a line of text: `@center 中华人民共和国最高人民法院`.
TEXT_DIRECTIVES: dict[str, ParagraphKind] = {
    "@center": "center",
    "@title": "title",
    "@right": "right",
    "@left": "left",
}
BARE_DIRECTIVES = ("@pagebreak", "@table", "@endtable")

# A directive word at the start of a line: `@right （2099）最高法知民终1号` → `@right`.
DIRECTIVE_RE = re.compile(r"^@[A-Za-z_]+")

# A front-matter line: `layout: court_a          # visual layout` → key `layout`, value `court_a`.
FRONT_MATTER_LINE_RE = re.compile(r"^(?P<key>[a-z_]+)\s*:\s*(?P<value>[^#]*?)\s*(?:#.*)?$")

# A corpus id: `01_spc_appeal_upheld` (two digits, underscore, lowercase slug).
ID_RE = re.compile(r"^\d{2}_[a-z0-9_]+$")

# The separator between table cells: ` | ` (spaces required, so `|` inside text is safe).
CELL_SEPARATOR = " | "

FLAG_KEYS = ("holdout", "scan", "docx_input")
FRONT_MATTER_KEYS = ("id", "layout", *FLAG_KEYS)


class MarkupError(ValueError):
    """A source file that does not follow the markup; the message names file and line."""

    def __init__(self, name: str, line: int, message: str) -> None:
        super().__init__(f"{name}:{line}: {message}")
        self.name = name
        self.line = line


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of text and how the source marked it."""

    kind: ParagraphKind  # body paragraphs get a two-character first-line indent
    text: str
    line: int  # 1-based line in the source file


@dataclass(frozen=True, slots=True)
class PageBreak:
    """`@pagebreak`: the next block starts a new page."""

    line: int


@dataclass(frozen=True, slots=True)
class Table:
    """`@table` … `@endtable`: rows of cells, the first row is the header."""

    rows: tuple[tuple[str, ...], ...]
    line: int  # line of `@table`


Block = Paragraph | PageBreak | Table


@dataclass(frozen=True, slots=True)
class Source:
    """A parsed source: its front matter and its blocks in order."""

    id: str
    layout: str
    holdout: bool
    scan: bool
    docx_input: bool
    blocks: tuple[Block, ...]


def load_source(path: Path, layouts: frozenset[str] | None = None) -> Source:
    """Read and parse `path`; the id must equal the file's stem. See `parse_source`."""
    source = parse_source(path.read_text(encoding="utf-8"), str(path), layouts)
    if source.id != path.stem:
        raise MarkupError(str(path), 2, f"id {source.id!r} differs from the file name {path.stem!r}")
    return source


def parse_source(text: str, name: str, layouts: frozenset[str] | None = None) -> Source:
    """Parse a whole source file.

    `layouts`, when given, is the set of known layout names; an unknown one is an error.
    Raises `MarkupError` (naming `name` and the line) for anything malformed.
    """
    lines = text.splitlines()
    meta, body_start = _parse_front_matter(lines, name)
    layout = meta["layout"]
    if layouts is not None and layout not in layouts:
        known = ", ".join(sorted(layouts))
        raise MarkupError(name, _key_line(lines, "layout"), f"unknown layout {layout!r} (known: {known})")
    blocks = _parse_blocks(lines, body_start, name)
    if not blocks:
        raise MarkupError(name, body_start, "no text after the front matter")
    return Source(
        id=meta["id"],
        layout=layout,
        holdout=meta["holdout"] == "true",
        scan=meta["scan"] == "true",
        docx_input=meta["docx_input"] == "true",
        blocks=tuple(blocks),
    )


def _parse_front_matter(lines: list[str], name: str) -> tuple[dict[str, str], int]:
    """The `key: value` pairs between the first two `---` lines, and the index after them."""
    if not lines or lines[0].strip() != "---":
        raise MarkupError(name, 1, "a source starts with a front-matter block opened by '---'")
    meta: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index].strip()
        number = index + 1
        if line == "---":
            break
        if not line or line.startswith("#"):
            continue
        match = FRONT_MATTER_LINE_RE.match(line)
        if match is None:
            raise MarkupError(name, number, f"expected 'key: value' in the front matter, got {line!r}")
        key, value = match["key"], match["value"]
        if key not in FRONT_MATTER_KEYS:
            raise MarkupError(
                name, number, f"unknown front-matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})"
            )
        if key in meta:
            raise MarkupError(name, number, f"front-matter key {key!r} given twice")
        if key in FLAG_KEYS and value not in ("true", "false"):
            raise MarkupError(name, number, f"{key} must be true or false, got {value!r}")
        if key == "id" and not ID_RE.match(value):
            raise MarkupError(name, number, f"id must look like 01_short_slug, got {value!r}")
        meta[key] = value
    else:
        raise MarkupError(name, len(lines), "the front matter is not closed by '---'")
    for key in ("id", "layout"):
        if not meta.get(key):
            raise MarkupError(name, index + 1, f"the front matter lacks {key!r}")
    for key in FLAG_KEYS:
        meta.setdefault(key, "false")
    return meta, index + 1


def _key_line(lines: list[str], key: str) -> int:
    """The 1-based line of a front-matter key (for error messages)."""
    for index, line in enumerate(lines):
        if line.strip().startswith(f"{key}:"):
            return index + 1
    return 1


def _parse_blocks(lines: list[str], start: int, name: str) -> list[Block]:
    """The blocks of the body, from line index `start` on."""
    blocks: list[Block] = []
    table_rows: list[tuple[str, ...]] | None = None
    table_line = 0
    for index in range(start, len(lines)):
        number = index + 1
        line = lines[index].strip()
        if not line:
            continue
        directive_match = DIRECTIVE_RE.match(line)
        directive = directive_match.group(0) if directive_match else None
        if directive is not None and directive not in TEXT_DIRECTIVES and directive not in BARE_DIRECTIVES:
            known = ", ".join([*TEXT_DIRECTIVES, *BARE_DIRECTIVES])
            raise MarkupError(name, number, f"unknown directive {directive!r} (known: {known})")
        if table_rows is not None:
            if directive == "@endtable":
                blocks.append(_finish_table(table_rows, table_line, name))
                table_rows = None
            elif directive is not None:
                raise MarkupError(name, number, f"{directive} inside a table (opened on line {table_line})")
            else:
                table_rows.append(_table_row(line, table_rows, number, name))
            continue
        if directive == "@table":
            _no_argument(line, directive, number, name)
            table_rows, table_line = [], number
        elif directive == "@endtable":
            raise MarkupError(name, number, "@endtable without @table")
        elif directive == "@pagebreak":
            _no_argument(line, directive, number, name)
            blocks.append(PageBreak(line=number))
        elif directive is not None:
            text = line[len(directive) :].strip()
            if not text or not line[len(directive)].isspace():
                raise MarkupError(name, number, f"{directive} needs text after a space")
            blocks.append(Paragraph(kind=TEXT_DIRECTIVES[directive], text=text, line=number))
        else:
            blocks.append(Paragraph(kind="body", text=line, line=number))
    if table_rows is not None:
        raise MarkupError(name, table_line, "@table is not closed by @endtable")
    return blocks


def _no_argument(line: str, directive: str, number: int, name: str) -> None:
    """Directives without text must stand alone on their line."""
    if line != directive:
        raise MarkupError(name, number, f"{directive} takes no text, got {line!r}")


def _table_row(line: str, rows: list[tuple[str, ...]], number: int, name: str) -> tuple[str, ...]:
    """One table row; every row must have as many cells as the header, at least two."""
    cells = tuple(cell.strip() for cell in line.split(CELL_SEPARATOR))
    if len(cells) < 2:
        raise MarkupError(
            name, number, f"a table row needs cells separated by {CELL_SEPARATOR!r}, got {line!r}"
        )
    if rows and len(cells) != len(rows[0]):
        raise MarkupError(name, number, f"this row has {len(cells)} cells, the header has {len(rows[0])}")
    return cells


def _finish_table(rows: list[tuple[str, ...]], line: int, name: str) -> Table:
    """A table needs a header row and at least one data row."""
    if len(rows) < 2:
        raise MarkupError(name, line, "a table needs a header row and at least one data row")
    return Table(rows=tuple(rows), line=line)
