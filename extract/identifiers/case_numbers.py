"""Case numbers (案号) of courts and document numbers of IP offices' rulings (FORMATS.md §5).

Court numbers put the year first: `（2099）最高法知民终1号` = (收案年度) + 法院代字 (最高法, 京,
京73, 苏01, 苏0102) + 专门审判代字 知 (2018 amendment) + 类型代字 (民初, 民终, 行初…) + serial +
号. Pre-2016 numbers read `（2005）沪高民三（知）终字第36号`. Office numbers put the 机关代字 first:
`国知药裁〔2099〕3号`, `苏知裁字〔2099〕12号`.

Normal form (contract README §1): whitespace and line breaks removed, full-width digits
ASCII; court numbers get full-width parentheses `（）` whatever was printed ((), （）, 〔〕, 【】,
[]); office numbers keep `〔〕` around the year; `字第` and `号之一` are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.identifiers.found import Found, drop_spaces, fold_width

_OPEN = r"[(\[〔【〈<{]"  # after width folding: ( ( [ [ 〔 【, and OCR's 〈 < {
_CLOSE = r"[)\]〕】〉>}jJ]"  # OCR reads 〕 as j: "国知药裁〔2099j 21号"
_W = r"\s{0,3}"  # a space or a line break printed inside a number
_HAN = r"[\u4e00-\u9fff]"
_YEAR = rf"(?:1{_W}9|2{_W}0)(?:{_W}\d){{2}}"  # "2099", also "2\n099" broken by a line
_SUFFIX = rf"(?:{_W}之{_W}[一二三四五六七八九十]+)?"

# Court abbreviations: 最高法, the high courts' province characters, 兵 (兵团分院), 军 (military).
COURT_PROVINCES = "京津沪渝冀晋内辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新兵军"

# A court number since 2016: "（2099）最高法知民终1号", "(2098)京73民初456号", "（2097）苏01民初78号",
# "（2099）苏0102民初5号之一", with a space or line break between the parts.
COURT_CASE_RE = re.compile(
    rf"{_OPEN}{_W}(?P<year>{_YEAR}){_W}{_CLOSE}{_W}"
    rf"(?P<court>最{_W}高{_W}法|[{COURT_PROVINCES}](?:{_W}\d){{0,4}}){_W}"
    rf"(?P<ip>知)?{_W}(?P<type>(?:{_HAN}{_W}){{0,2}}{_HAN}){_W}"
    rf"(?P<serial>\d(?:{_W}\d)*){_W}号{_SUFFIX}"
)

# A court number before 2016: "（2005）沪高民三（知）终字第36号", "(2007)民三终字第4号"; a case type
# (民/刑/行/执/赔/知/商) must come before 字, so a notarial number "（2098）京长安内经证字第0417号" is not one.
OLD_COURT_CASE_RE = re.compile(
    rf"{_OPEN}{_W}(?P<year>{_YEAR}){_W}{_CLOSE}{_W}(?=[^字\n]{{0,20}}[民刑行执赔知商])"
    rf"(?P<body>(?:[\u4e00-\u9fff\d()（）\[\]〔〕]{_W}){{1,14}}?)字{_W}第{_W}"
    rf"(?P<serial>\d(?:{_W}\d)*){_W}号{_SUFFIX}"
)

# An office document number, 机关代字 first: "国知药裁〔2099〕3号", "苏知裁字[2099]12号",
# "粤知执处字〔2098〕5号", "国知发保字〔2020〕23号" (FORMATS.md §5: store it, don't hard-code 国知药裁),
# the year in round brackets "京知执字(2099)1号", and a type word after the year "宁知(2099)纠字6号".
OFFICE_CASE_RE = re.compile(
    rf"(?P<agency>{_HAN}{{2,12}}){_W}{_OPEN}{_W}(?P<year>{_YEAR}){_W}{_CLOSE}{_W}"
    rf"(?P<kind>{_HAN}{{1,3}}字)?{_W}(?P<di>第)?{_W}(?P<serial>\d(?:{_W}\d)*){_W}号{_SUFFIX}"
)

# Where the case type starts in a pre-2016 body: "沪高|民三（知）终" (民事, 刑事, 行政, 执行, 知, 赔偿).
OLD_CASE_TYPE_RE = re.compile(r"[民刑行执知赔]")

# Characters that end the words before an office's 代字: "根据国知药裁…" → 国知药裁, "作出的苏知裁字…".
_AGENCY_STOP_CHARS = "的据于向在经和与及或是即见按照以对将被由其该从自称载号第书为了出"


@dataclass(frozen=True)
class CaseNumber:
    """A court case number taken apart (see `parse_case_number`)."""

    year: int  # 收案年度
    court: str  # 法院代字: 最高法, 京73, 苏01 ("" for pre-2016 SPC numbers)
    kind: str  # 类型代字 with 专门审判代字: 民初, 民终, 知民终, 知行终, 民三(知)终 (pre-2016)
    serial: int  # 案件编号
    suffix: str  # "之一" etc., "" when none
    ip_division: bool  # 知 (patent and technical IP case) in the number


def _court_normal(match: re.Match[str]) -> str:
    compact = drop_spaces(match.group())
    body = compact[6:]  # after "(2099)"
    body = re.sub(_OPEN, "（", body)
    body = re.sub(_CLOSE, "）", body)
    return f"（{compact[1:5]}）{body}"


def _office_normal(agency: str, match: re.Match[str]) -> str:
    rest = drop_spaces(match.string[match.end("year") : match.end()])  # "〕3号"
    return f"{agency}〔{drop_spaces(match['year'])}〕{rest[1:]}"


def _trim_agency(agency: str) -> str:
    """The 机关代字 at the end of a run of Chinese characters ("根据国知药裁" → "国知药裁")."""
    cut = max(agency.rfind(c) for c in _AGENCY_STOP_CHARS)
    if cut >= 0 and len(agency) - cut - 1 >= 2:
        agency = agency[cut + 1 :]
    return agency


def normalize_case_number(raw: str) -> str | None:
    """The normal form of a court or office number (contract README §1), or None when `raw`
    is neither. Idempotent."""
    folded = drop_spaces(fold_width(raw))
    for pattern in (COURT_CASE_RE, OLD_COURT_CASE_RE):
        match = pattern.fullmatch(folded)
        if match:
            return _court_normal(match)
    match = OFFICE_CASE_RE.fullmatch(folded)
    return _office_normal(match["agency"], match) if match else None


def is_court_case_number(s: str) -> bool:
    """True when `s` is a court case number (year first, new or pre-2016 form)."""
    folded = drop_spaces(fold_width(s))
    return any(p.fullmatch(folded) for p in (COURT_CASE_RE, OLD_COURT_CASE_RE))


def parse_case_number(s: str) -> CaseNumber | None:
    """Year, court, type and serial of a court case number, None when `s` is not one.

    For pre-2016 numbers the court and type are not separable by rule: `court` is the leading
    province/court characters up to the first 民/刑/行/执/知/赔, `kind` the rest before 字.
    """
    folded = drop_spaces(fold_width(s))
    match = COURT_CASE_RE.fullmatch(folded)
    suffix = folded[folded.rindex("号") + 1 :]
    if match:
        ip = bool(match["ip"])
        return CaseNumber(
            int(match["year"]), match["court"], ("知" if ip else "") + match["type"], int(match["serial"]),
            suffix, ip,
        )  # fmt: skip
    match = OLD_COURT_CASE_RE.fullmatch(folded)
    if match is None:
        return None
    body = match["body"].replace("(", "（").replace(")", "）")
    split = OLD_CASE_TYPE_RE.search(body)
    at = split.start() if split else 0
    return CaseNumber(int(match["year"]), body[:at], body[at:], int(match["serial"]), suffix, "知" in body)


def find_case_numbers(text: str) -> list[Found]:
    """Court and office numbers in `text`, in order, with offsets into `text` and the normal
    form as value. A number broken by a space or line break is found whole."""
    folded = fold_width(text)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern in (COURT_CASE_RE, OLD_COURT_CASE_RE):
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append(Found(*match.span(), text[match.start() : match.end()], _court_normal(match)))
    for match in OFFICE_CASE_RE.finditer(folded):
        agency = _trim_agency(match["agency"])
        start = match.start("agency") + len(match["agency"]) - len(agency)
        if any(s < match.end() and start < e for s, e in taken):
            continue
        found.append(Found(start, match.end(), text[start : match.end()], _office_normal(agency, match)))
    return sorted(found, key=lambda f: f.start)
