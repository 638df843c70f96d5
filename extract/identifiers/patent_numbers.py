"""Chinese patent numbers: application numbers (专利号 = ZL + 申请号) and publication numbers.

Normal form (contract README §1): `ZL` + application number + `.` + check digit, e.g.
`ZL201911937865.X`, or the pre-2003 8-digit form `ZL97101765.4` (FORMATS.md §2.1).
Check digit: digits × 2,3,4,5,6,7,8,9,2,3,4,5 (first 8 weights for the old form), sum mod 11,
10 written `X`. Publication numbers: `CN116455754B` (FORMATS.md §2.2).
"""

from __future__ import annotations

import re
from typing import Literal

from extract.identifiers.found import Found, drop_spaces, fold_width

PatentKind = Literal["invention", "utility_model", "design"]

CHECK_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_KINDS: dict[str, PatentKind] = {
    "1": "invention", "8": "invention", "2": "utility_model", "9": "utility_model", "3": "design",
}  # fmt: skip

# The separator before the check digit: "." (also "．" folded), "·" U+00B7, "・" U+30FB, "•".
_DOT = "[.·・•]"

# 2003-10 onwards, as printed: "ZL201911937865.X", "ZL 2009 1 0021479.6", "CN 200910021479·6",
# "201010123456.7", "2010101234567" (check digit glued on). Single spaces only where ZC 0006-2003
# allows them: after ZL/CN, between year, type digit and serial.
NEW_APPLICATION_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<prefix>(?:ZL|CN|zl)\s?)?"
    r"(?P<year>20\d\d) ?(?P<type>[12389]) ?(?P<serial>\d{7})"
    rf"(?:(?P<dot>{_DOT})(?P<check>[0-9Xx])|(?P<glued>[0-9Xx]))?"
    r"(?![0-9A-Za-z])"
)

# 1985–2003, as printed: "ZL97101765.4", "ZL95115608.X", "97101765.4" (after a 专利 label only).
OLD_APPLICATION_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<prefix>(?:ZL|CN|zl)\s?)?"
    r"(?P<year>(?:8[5-9]|9\d|0[0-3]))(?P<type>[12389])(?P<serial>\d{5})"
    rf"(?P<dot>{_DOT})(?P<check>[0-9Xx])"
    r"(?![0-9A-Za-z])"
)

# An application number once spaces and the ZL/CN prefix are gone: "200910021479.6",
# "2009100214796", "97101765.4"; groups: the 12 or 8 digits, the check digit.
COMPACT_APPLICATION_RE = re.compile(rf"(\d{{12}}|\d{{8}}){_DOT}?([0-9X])")
# The start of a 2003+ number ("200910021479…") or of an 1985–2003 one ("97101765…").
TWELVE_DIGITS_RE = re.compile(r"\d{12}")
EIGHT_DIGITS_RE = re.compile(r"\d{8}")

# A publication (文献) number: "CN 116455754 B", "CN116455754A", "CN 216979871 U", "CN1030001A".
PUBLICATION_RE = re.compile(
    r"(?<![0-9A-Za-z])CN ?(?P<number>[123]\d{8}|[123]\d{6}) ?(?P<kind>[ABCUYSD][1-9]?)(?![0-9A-Za-z])"
)

# The words that make a bare old-form number a patent number: "专利号", "专利号为", "申请号：".
PATENT_LABEL_RE = re.compile(r"(?:专利|申请)号")


def patent_check_digit(digits: str) -> str:
    """The check digit ('0'–'9' or 'X') of a 12-digit (2003+) or 8-digit (1989–2003)
    application number. Raises ValueError for anything else."""
    if len(digits) not in (8, 12) or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not an 8- or 12-digit application number: {digits!r}")
    remainder = sum(int(d) * w for d, w in zip(digits, CHECK_WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def _parse(folded: str) -> tuple[str, str] | None:
    """(digits, printed check) of a compact folded number, or None when it has no such shape."""
    compact = drop_spaces(folded).upper()
    for prefix in ("ZL", "CN"):
        compact = compact.removeprefix(prefix)
    match = COMPACT_APPLICATION_RE.fullmatch(compact)
    if match is None:
        return None
    digits, check = match.groups()
    year_ok = (
        digits[:2] == "20" and digits[:4] >= "2003"
        if len(digits) == 12
        else (digits[:2] >= "85" or digits[:2] <= "03")
    )
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if not year_ok or type_digit not in _KINDS:
        return None
    return digits, check


def normalize_patent_number(raw: str) -> str | None:
    """`ZL<application number>.<check>` for any printed form of a patent number, or None when
    the string is not one or its check digit is wrong.

    Accepts ZL/CN prefixes, spaces, `.`/`·`/`．`, full-width digits and the dotless form
    (`2010101234567`). Idempotent: a normalised number normalises to itself.
    """
    parsed = _parse(fold_width(raw))
    if parsed is None:
        return None
    digits, check = parsed
    if patent_check_digit(digits) != check:
        return None
    return f"ZL{digits}.{check}"


def patent_kind(number: str) -> PatentKind | None:
    """invention / utility_model / design from the type digit of a patent or publication
    number (1 or 8 invention, 2 or 9 utility model, 3 design), None when unknown."""
    compact = drop_spaces(fold_width(number)).upper()
    publication = PUBLICATION_RE.fullmatch(compact)
    if publication:
        return _KINDS.get(publication["number"][0])
    digits = compact.removeprefix("ZL").removeprefix("CN")
    if TWELVE_DIGITS_RE.match(digits):
        return _KINDS.get(digits[4])
    if EIGHT_DIGITS_RE.match(digits):
        return _KINDS.get(digits[2])
    return None


def _found(text: str, folded: str, match: re.Match[str]) -> Found | None:
    digits = match["year"] + match["type"] + match["serial"]
    check = match["check"] or match["glued"]
    if check is None:
        return None
    check = check.upper()
    valid = patent_check_digit(digits) == check
    if not valid and match["dot"] is None and not match["prefix"]:
        return None  # a bare 13-digit run with a wrong check is some other number
    start, end = match.span()
    return Found(start, end, text[start:end], f"ZL{digits}.{check}", valid)


def find_patent_number_candidates(text: str) -> list[Found]:
    """Everything in `text` printed like a patent (application) number, valid or not.

    A wrong check digit gives `valid=False` (so the caller can warn) when the number is dotted
    or prefixed with ZL/CN; a bare digit run is only taken when its check digit is right.
    Old 8-digit numbers are only taken after ZL/CN or a 专利号/申请号 label.
    """
    folded = fold_width(text)
    found = []
    for match in NEW_APPLICATION_RE.finditer(folded):
        item = _found(text, folded, match)
        if item is not None:
            found.append(item)
    for match in OLD_APPLICATION_RE.finditer(folded):
        labelled = PATENT_LABEL_RE.search(folded, max(0, match.start() - 8), match.start())
        if match["prefix"] or labelled:
            item = _found(text, folded, match)
            if item is not None:
                found.append(item)
    return sorted(found, key=lambda f: f.start)


def find_patent_numbers(text: str) -> list[Found]:
    """The patent numbers in `text` whose check digit is right, value in the normal form."""
    return [f for f in find_patent_number_candidates(text) if f.valid]


def normalize_publication_number(raw: str) -> str | None:
    """`CN116455754B` for `CN 116455754 B` (spaces, full width), or None when not one."""
    match = PUBLICATION_RE.fullmatch(drop_spaces(fold_width(raw)).upper())
    return f"CN{match['number']}{match['kind']}" if match else None


def find_publication_numbers(text: str) -> list[Found]:
    """Publication numbers (`CN 116455754 B`) in `text`, value compact (`CN116455754B`)."""
    folded = fold_width(text)
    return [
        Found(m.start(), m.end(), text[m.start() : m.end()], f"CN{m['number']}{m['kind']}")
        for m in PUBLICATION_RE.finditer(folded)
    ]
