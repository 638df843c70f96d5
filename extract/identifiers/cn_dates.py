"""Dates as rulings and notices print them: `二〇二二年十二月五日`, `2022年12月5日`.

The project's one date normaliser. Courts sign in Chinese numerals (裁判文书制作规范 2016);
GB/T 9704-2012 notices use Arabic numerals without zero padding (`2023年4月3日`).
Zero is printed in many ways: 〇 (U+3007, correct), ○ (U+25CB), ◯ (U+25EF), 零, and OCR's
O / Ｏ / 0 — all are accepted. Full-width digits are accepted (FORMATS.md §6).
"""

from __future__ import annotations

import datetime as dt
import re

from extract.identifiers.found import Found, fold_width

_CN_DIGITS = {
    "〇": 0, "○": 0, "◯": 0, "零": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZEROS = "〇○◯零Oo"
_NUMERALS = "一二三四五六七八九"
_YEAR_CHAR = f"[0-9{_ZEROS}{_NUMERALS}]"
_SP = r"\s{0,3}"  # PDF text spaces out 年/月/日; OCR leaves line breaks: "二〇九九\n年三月十六日"

_OCR_SPECK = r"[@·•'`A-NP-Za-np-z]?"  # a stray mark OCR puts inside a year: "二@〇九八", "二G〇九九"
# A year written digit by digit: "二〇二二", "二○二二", "2022", "二O二二", OCR's "二@〇九八".
# (O/o are zeros, never specks.)
_YEAR = rf"(?P<year>{_YEAR_CHAR}(?:{_SP}{_OCR_SPECK}{_SP}{_YEAR_CHAR}){{3}})"
# A month or day: "12", "5", "十二", "十", "二十", "三十一", "初五" is not used in rulings.
_SMALL = rf"(?:[0-9]{{1,2}}|[二三]?十[{_NUMERALS}]?|[{_NUMERALS}〇○零])"

# A full date. Matches "二〇二二年十二月五日", "2022年12月5日", "2023 年 4 月 3 日".
CN_DATE_RE = re.compile(
    rf"(?<![0-9]){_YEAR}{_SP}年{_SP}(?P<month>{_SMALL}){_SP}月{_SP}(?P<day>{_SMALL}){_SP}[日号]"
)

# A numeric date as tables and spreadsheets print it: "2023-04-03", "2023/4/3", "2023.4.3".
# Parsed by `parse_cn_date` only; `find_cn_dates` does not look for it in running text.
NUMERIC_DATE_RE = re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})")

_CN_MONTHS = "一二三四五六七八九十"


def _small_number(text: str) -> int | None:
    """Value of a month/day written `12`, `十二`, `二十`, `三十一`, `十`, `五` (None if not)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens_text, _, units_text = text.partition("十")
        tens = _CN_DIGITS[tens_text] if tens_text else 1
        units = _CN_DIGITS[units_text] if units_text else 0
        return tens * 10 + units
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


def _year_number(text: str) -> int:
    # Spaces and OCR specks are skipped; "0".."9" are in _CN_DIGITS only as "0", so keep digits too.
    return int(
        "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in text if c in _CN_DIGITS or c.isdigit())
    )


# Years a ruling can carry; "〇O九九" left by OCR (二O〇O九九年) gives 99, which is no date.
YEARS = range(1900, 2200)


def _date_from_match(match: re.Match[str]) -> dt.date | None:
    month = _small_number(match["month"])
    day = _small_number(match["day"])
    if month is None or day is None or _year_number(match["year"]) not in YEARS:
        return None
    try:
        return dt.date(_year_number(match["year"]), month, day)
    except ValueError:
        return None


def parse_cn_date(raw: str) -> dt.date | None:
    """The date written in `raw` (the whole string, surrounding whitespace ignored), or None.

    Accepts Chinese-numeral dates with every zero variant, Arabic dates, full-width digits and
    spaces between the parts, and the numeric forms `2023-04-03`, `2023/4/3`, `2023.4.3`.
    Returns None for anything else, including impossible dates (`2023年2月30日`).
    """
    folded = fold_width(raw).strip()
    match = CN_DATE_RE.fullmatch(folded) or NUMERIC_DATE_RE.fullmatch(folded)
    return _date_from_match(match) if match else None


def find_cn_dates(text: str) -> list[Found]:
    """Every date in `text`, in order, with offsets into `text` and the ISO date as value.

    Impossible dates (`2023年2月30日`) are skipped.
    """
    found = []
    for match in CN_DATE_RE.finditer(fold_width(text)):
        date = _date_from_match(match)
        if date is not None:
            found.append(
                Found(match.start(), match.end(), text[match.start() : match.end()], date.isoformat())
            )
    return found


def format_gbt9704_date(date: dt.date) -> str:
    """The notice style of GB/T 9704-2012 §7.3.5.4: `2023年4月3日` (Arabic, no zero padding)."""
    return f"{date.year}年{date.month}月{date.day}日"


def _cn_small(number: int) -> str:
    tens, units = divmod(number, 10)
    text = ("" if tens == 1 else _CN_MONTHS[tens - 1]) + "十" if tens else ""
    return text + (_CN_MONTHS[units - 1] if units else "")


def format_cn_date(date: dt.date) -> str:
    """The court style: `二〇二三年四月三日`, `二〇一六年八月二十九日` (zero written 〇 U+3007)."""
    year = "".join("〇一二三四五六七八九"[int(d)] for d in f"{date.year:04d}")
    return f"{year}年{_cn_small(date.month)}月{_cn_small(date.day)}日"
