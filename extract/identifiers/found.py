"""What every finder returns, and the width folding that keeps offsets intact.

Finders scan `Document.text` as printed. They match on a *folded* copy of the text in which
full-width ASCII (`０-９`, `Ａ-Ｚ`, `（`, `．`…) and the ideographic space are replaced by their
half-width forms one character for one character, so an offset in the folded text is the same
offset in the original. `Found.raw` is always the original slice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH_FIRST = 0xFF01  # '！'
_FULLWIDTH_LAST = 0xFF5E  # '～'
_FULLWIDTH_SHIFT = 0xFF01 - 0x21
IDEOGRAPHIC_SPACE = "\u3000"

# One-for-one replacements on top of the full-width block: the same length is essential.
_WIDTH_TABLE = {code: code - _FULLWIDTH_SHIFT for code in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1)}
_WIDTH_TABLE[ord(IDEOGRAPHIC_SPACE)] = ord(" ")
_WIDTH_TABLE[0x00A0] = ord(" ")  # no-break space, common in DOCX
# Any character fold_width changes: "２０２１", "（", the ideographic space.
_WIDE = re.compile("[\uff01-\uff5e\u3000\u00a0]")


@dataclass(frozen=True)
class Found:
    """One value found in a text.

    `text[start:end] == raw` in the string that was searched; `value` is the normalised form.
    `valid` is False only in the `*_candidates` finders, for values that look right but fail
    their check (wrong check digit, impossible date…), so the caller can warn about them.
    """

    start: int  # offset of the first character in the searched text
    end: int  # offset after the last character
    raw: str  # the text as printed
    value: str  # the normalised value
    valid: bool = True  # False: the shape fits but the check fails


def fold_width(text: str) -> str:
    """Return `text` with full-width ASCII and wide spaces made half-width.

    Promise: `len(fold_width(t)) == len(t)`, and only the characters listed above change, so
    offsets found in the folded text are offsets in `t`. Idempotent.
    """
    if not _WIDE.search(text):
        return text  # the common case, without building a new string
    return text.translate(_WIDTH_TABLE)


def drop_spaces(text: str) -> str:
    """Return `text` without any whitespace (spaces, tabs, line breaks, ideographic spaces)."""
    return "".join(text.split())
