"""CSV for export, safe to open in a spreadsheet: every export of the desk goes through
`csv_text`.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip before reading those) is read by Excel, WPS and LibreOffice as a formula,
so that a user name or file name like `=HYPERLINK(…)` would run in the reader's
spreadsheet (CSV injection). Such a cell gets a leading apostrophe: shown as the text it is,
never evaluated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """`value` as a CSV cell: text that a spreadsheet would read as a formula is prefixed
    with `'`; numbers and other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The rows under `header` as CSV text, every cell made `spreadsheet_safe`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()
