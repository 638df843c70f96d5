"""Drug approval numbers, device registration/filing numbers and drug registration 受理号.

None of them has a check digit (FORMATS.md §3): the finders check the shape only. Values are
the printed text with whitespace removed and full-width characters made half-width (contract
README §1): `国药准字 H 2021 3456` → `国药准字H20213456`.
"""

from __future__ import annotations

import re
from typing import Literal

from extract.identifiers.found import Found, drop_spaces, fold_width

ApprovalKind = Literal["drug", "device_registration", "device_filing", "device_legacy"]

_SP = r"[ \t]?"  # a single space printed between the parts
_PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵黔云滇藏陕甘青宁新"

# 国药准字 + H/Z/S/J/B/T/F (+ C/J) + 8 digits: "国药准字H20213456", "国药准字HJ20220057",
# "国药准字 H 2021 3456", "国药准字Z44020211". Also 国药证字 (新药证书) and 国药试字 (trial).
DRUG_APPROVAL_RE = re.compile(
    rf"国药[准证试]字{_SP}(?P<letter>[HZSJBTF]){_SP}(?P<origin>[CJ])?{_SP}"
    rf"(?P<digits>\d{{4}}{_SP}\d{{4}})(?!\d)"
)

# A further drug number in a list that prints 国药准字 once: "国药准字H20213456、H20213457" → the
# second item "、H20213457". Only looked for right after a drug approval number.
DRUG_CONTINUATION_RE = re.compile(
    rf"\s?[、，,;；/]\s?(?P<letter>[HZSJBTF]){_SP}(?P<origin>[CJ])?{_SP}(?P<digits>\d{{4}}{_SP}\d{{4}})(?!\d)"
)

# 医疗器械注册证号: "国械注准20213130109", "国械注进20223130141", "苏械注准20172140019",
# "国械注许20203140001" (港澳台), "国械注准 2023 3 14 0001" with spaces.
DEVICE_REGISTRATION_RE = re.compile(
    rf"(?P<issuer>[国{_PROVINCES}]){_SP}械{_SP}注{_SP}(?P<origin>[准进许]){_SP}"
    rf"(?P<year>\d{{4}}){_SP}(?P<klass>[23]){_SP}(?P<category>\d{{2}}){_SP}(?P<serial>\d{{4}})(?!\d)"
)

# 第一类医疗器械备案编号: "粤中械备20190035号", "鲁青械备20150027号", "赣械备20170001号",
# "国械备20180001号" (import), "粤械备（2014）0023".
DEVICE_FILING_RE = re.compile(
    rf"(?P<issuer>国|[{_PROVINCES}][\u4e00-\u9fff]?){_SP}械{_SP}备{_SP}"
    r"(?:(?P<year>\d{4})|[(（](?P<byear>\d{4})[)）])"
    rf"{_SP}(?P<serial>\d{{4,6}})(?!\d)(?P<hao>号)?"
)

# Pre-2014 registration: "国食药监械(准)字2012第3451234号", "京药监械(准)字2011第2400123号".
DEVICE_LEGACY_RE = re.compile(
    rf"(?P<issuer>国食药监|[{_PROVINCES}]食?药监)械[(（](?P<origin>[准进许试])[)）]字{_SP}"
    rf"(?P<year>\d{{4}}){_SP}第{_SP}(?P<serial>\d{{7}}){_SP}号"
)

# A drug registration application (受理号): "CYHS2201187", "CYHS2096123国", "JXHS2000123",
# "CXHL1500123", "CYZB2100456". C = domestic, J = import; X/Y/Z/S kind; H/Z/S chemical/TCM/bio;
# B/L/S/F the procedure; 2-digit year + 5-digit serial; 国 marks a national acceptance.
APPLICATION_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<code>[CJ][XYSZ][HZS][BLSFRT])(?P<digits>\d{7})(?![0-9A-Za-z])(?P<nation>国)?"
)

_KIND_OF_PATTERN: tuple[tuple[re.Pattern[str], ApprovalKind], ...] = (
    (DRUG_APPROVAL_RE, "drug"),
    (DEVICE_REGISTRATION_RE, "device_registration"),
    (DEVICE_LEGACY_RE, "device_legacy"),
    (DEVICE_FILING_RE, "device_filing"),
)


def normalize_approval_number(raw: str) -> str:
    """The printed number with whitespace removed and full-width characters made half-width
    (contract README §1). Idempotent."""
    return drop_spaces(fold_width(raw))


def approval_key(number: str) -> str:
    """A key for comparing numbers printed differently: normalised, trailing 号 dropped,
    brackets ASCII (`粤中械备20190035号` and `粤中械备 20190035` give the same key)."""
    return normalize_approval_number(number).removesuffix("号").replace("（", "(").replace("）", ")")


def approval_kind(number: str) -> ApprovalKind | None:
    """Which kind of number `number` is (drug, device registration, filing, legacy), or None."""
    folded = drop_spaces(fold_width(number))
    for pattern, kind in _KIND_OF_PATTERN:
        if pattern.fullmatch(folded):
            return kind
    return None


def find_approval_numbers(text: str) -> list[Found]:
    """Drug approval numbers and device registration/filing numbers in `text`, in order, with
    offsets into `text`; value as `normalize_approval_number` gives it. In a list that prints
    the prefix once (`国药准字H20213456、H20213457`) the later items get it in their value
    (`国药准字H20213457`) while `raw` stays `H20213457`."""
    folded = fold_width(text)
    found: list[Found] = []
    for pattern, _kind in _KIND_OF_PATTERN:
        for match in pattern.finditer(folded):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            raw = text[match.start() : match.end()]
            found.append(Found(match.start(), match.end(), raw, normalize_approval_number(raw)))
            if pattern is DRUG_APPROVAL_RE:
                found.extend(
                    _continuations(text, folded, match.end(), folded[match.start() : match.start() + 4])
                )
    return sorted(found, key=lambda f: f.start)


def _continuations(text: str, folded: str, position: int, prefix: str) -> list[Found]:
    """The items after a drug approval number printed without their 国药准字 prefix."""
    items = []
    while match := DRUG_CONTINUATION_RE.match(folded, position):
        start = match.start("letter")
        raw = text[start : match.end()]
        items.append(Found(start, match.end(), raw, prefix + normalize_approval_number(raw)))
        position = match.end()
    return items


def find_application_numbers(text: str) -> list[Found]:
    """Drug registration application numbers (受理号, `CYHS2201187`, `CYHS2096123国`) in `text`.

    The value keeps a trailing 国 when printed (it is part of the number on acceptance notices).
    """
    folded = fold_width(text)
    return [
        Found(m.start(), m.end(), text[m.start() : m.end()], m["code"] + m["digits"] + (m["nation"] or ""))
        for m in APPLICATION_NUMBER_RE.finditer(folded)
    ]
