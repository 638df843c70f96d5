"""统一社会信用代码 (USCC, GB 32100-2015): validation and finding (FORMATS.md §1).

18 characters from a 31-character set (no I, O, S, V, Z): 2 registration/category chars,
6-digit 行政区划码, 9-char 主体标识码, 1 check char. Check: weights 3^(i-1) mod 31,
C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0.
"""

from __future__ import annotations

import re

from extract.identifiers.found import Found, drop_spaces, fold_width

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {char: value for value, char in enumerate(USCC_CHARSET)}

# The shape of a USCC, compact: "91350200776049653A", "91440101MA5CJQ4N59".
USCC_SHAPE_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")

_C = r"[0-9A-HJ-NPQRTUWXY]"
_SP = r" ?"  # PDF extraction and typists insert single spaces: "9132 0100 MA1X …"
# A USCC in running text, single spaces allowed between characters, not inside a longer code:
# "91320100MA1XXXXXX" style, "9135 0200 7760 4965 3A".
# Also letters the charset never uses (I, O, S, V, Z) and that OCR puts for digits: "MAO1" for "MA01".
_C_OCR = r"[0-9A-Z]"
_D_OCR = r"[0-9OISZ]"
USCC_IN_TEXT_RE = re.compile(
    rf"(?<![0-9A-Za-z]){_C_OCR}{_SP}{_C_OCR}(?:{_SP}{_D_OCR}){{6}}(?:{_SP}{_C_OCR}){{10}}(?![0-9A-Za-z])"
)
# OCR's letters for digits; a USCC never holds these letters, so reading them as digits is safe.
OCR_DIGIT_FOR_LETTER = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})

# The label printed before a USCC: "统一社会信用代码：", "社会信用代码", "信用代码为".
USCC_LABEL_RE = re.compile(r"(?:统一)?社会信用代码|信用代码")

# GB 11643 citizen ID weights: an 18-digit run passing that check is an ID number, not a USCC.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a USCC.

    Raises ValueError when `first17` is not 17 characters of the USCC charset.
    """
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError(f"not 17 USCC characters: {first17!r}")
    total = sum(_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(s: str) -> bool:
    """True when `s` (whitespace and full-width characters tolerated) is a USCC whose check
    character is right. Positions 1–2 are not checked against a table (sources disagree)."""
    code = drop_spaces(fold_width(s))
    return USCC_SHAPE_RE.fullmatch(code) is not None and uscc_check_char(code[:17]) == code[17]


def organisation_code_ok(uscc: str) -> bool:
    """The optional GB 11714 check on positions 9–17 (a soft signal, never a reason to reject)."""
    body = drop_spaces(fold_width(uscc))[8:17]
    if len(body) != 9 or not body.isalnum():
        return False
    values = [int(c, 36) for c in body[:8]]
    total = sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body[8] == {10: "X", 11: "0"}.get(check, str(check))


def _is_citizen_id(code: str) -> bool:
    if not code[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(code[:17], _ID_WEIGHTS, strict=True))
    return code[17] == _ID_CHECK[total % 11]


def _labelled(folded: str, start: int) -> bool:
    return USCC_LABEL_RE.search(folded, max(0, start - 14), start) is not None


def find_uscc_candidates(text: str) -> list[Found]:
    """Everything in `text` shaped like a USCC, valid or not (`Found.valid` tells).

    Kept: valid codes; invalid compact codes unless they are valid citizen ID numbers; invalid
    spaced codes only right after a 信用代码 label (spaces otherwise glue unrelated runs).
    Value: the 18 characters, no spaces, with OCR's O/I/Z/S read as 0/1/2/5 (letters a USCC
    never holds: `91110105MAO1RBW7NW` → `91110105MA01RBW7NW`); `raw` keeps what was printed.
    """
    folded = fold_width(text)
    found = []
    for match in USCC_IN_TEXT_RE.finditer(folded):
        code = drop_spaces(match.group()).translate(OCR_DIGIT_FOR_LETTER)
        valid = USCC_SHAPE_RE.fullmatch(code) is not None and uscc_check_char(code[:17]) == code[17]
        if not valid:
            spaced = len(code) != len(match.group())
            if (spaced or _is_citizen_id(code)) and not _labelled(folded, match.start()):
                continue
        found.append(Found(match.start(), match.end(), text[match.start() : match.end()], code, valid))
    return found


def find_usccs(text: str) -> list[Found]:
    """The valid USCCs in `text`, with offsets into `text` and the compact code as value."""
    return [f for f in find_uscc_candidates(text) if f.valid]
