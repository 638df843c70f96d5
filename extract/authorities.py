"""Who issued a document: the names of courts and IP offices, and the court a case number names.

A court's name ends in 人民法院 (最高人民法院, 江苏省南京市中级人民法院), or names a specialised
court (北京知识产权法院, 杭州互联网法院, 南京铁路运输法院); an office's ends in 知识产权局 or
市场监督管理局 (国家知识产权局, 广州市市场监督管理局（知识产权局）). Text copied from a page
may glue the line above to the name (`号中华人民共和国最高人民法院`): the name is read back from its
end to the word that starts it. Pure functions over strings.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from extract.identifiers.case_numbers import parse_case_number

# The words that end a court's name: "…人民法院", "北京知识产权法院", "最高人民法院知识产权法庭",
# "南京铁路运输法院", "新疆维吾尔自治区高级人民法院生产建设兵团分院".
COURT_END = re.compile(
    r"(?:人民法院|知识产权法院|互联网法院|海事法院|金融法院|铁路运输(?:中级)?法院|军事法院)"
    r"(?:知识产权法庭|生产建设兵团分院)?"
)
# The words that end an office's name: "国家知识产权局", "江苏省知识产权局",
# "广州市市场监督管理局（知识产权局）", "广州市市场监督管理局（广州市知识产权局）".
OFFICE_END = re.compile(r"知识产权局|市场监督管理局(?:[（(][\u4e00-\u9fff]{0,12}知识产权局[）)])?")

# Provinces and the four municipalities: a court's or office's name starts at one when a word
# is glued before it ("号江苏省南京市中级人民法院" → 江苏省南京市中级人民法院).
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "西藏",
    "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip
_PROVINCE_START = re.compile(rf"(?:{'|'.join(PROVINCES)})(?=省|市|自治区|壮族|回族|维吾尔|知识产权|高级|自由贸易港)")

# Characters that end the word glued before a name: "…第1号北京知识产权法院", "民事判决书国家知识产权局",
# "诉至北京知识产权法院". Characters that occur in place names (和平区, 于都县, 向阳区, 自治区) are not here.
_GLUE_STOPS = "号书的与及据称被诉至为是"

_HAN_RUN = r"[\u4e00-\u9fff]{0,28}"


@dataclass(frozen=True)
class Name:
    name: str  # as printed, without 中华人民共和国 and without the words glued before it
    kind: str  # court | ip_office
    start: int  # offsets into the string searched
    end: int


def authority_names(line: str) -> list[Name]:
    """The court and office names in `line` (spaces removed first by the caller), in order."""
    found: list[Name] = []
    for end_re, kind in ((COURT_END, "court"), (OFFICE_END, "ip_office")):
        for m in end_re.finditer(line):
            run = re.search(_HAN_RUN + r"$", line[: m.start()])
            run_start = run.start() if run else m.start()
            start = _name_start(line, run_start, m.start(), m.end())
            name = line[start : m.end()]
            if _plausible(name, m.group(0)):
                found.append(Name(name, kind, start, m.end()))
    found.sort(key=lambda n: n.start)
    # An office inside a court's name cannot happen; a court inside a longer court can't either:
    # keep the names that do not overlap an earlier one.
    kept: list[Name] = []
    for n in found:
        if not any(k.start < n.end and n.start < k.end for k in kept):
            kept.append(n)
    return kept


def _name_start(line: str, run_start: int, suffix_start: int, end: int) -> int:
    """Where the name whose suffix is line[suffix_start:end] begins."""
    run = line[run_start:suffix_start]
    for prefix in ("中华人民共和国", "最高"):
        at = run.rfind(prefix)
        if at >= 0:
            return run_start + at + (len(prefix) if prefix == "中华人民共和国" else 0)
    if "国家" in run:
        return run_start + run.rindex("国家")
    province = _PROVINCE_START.search(line[run_start:end])
    if province and province.start() < len(run):
        return run_start + province.start()
    cut = max(run.rfind(c) for c in _GLUE_STOPS)
    return run_start + cut + 1 if cut >= 0 else run_start


def _plausible(name: str, suffix: str) -> bool:
    """A name, not a generic phrase: "有管辖权的人民法院" and "向人民法院" name no court."""
    if name.startswith("最高人民法院"):
        return True
    prefix = name[: len(name) - len(suffix)]
    if len(prefix) < 2 or re.match(r"^(?:向|在|由|经|各级|上级|下级|有关|原审|一审|二审|其他|所在地|当地)", prefix):
        return False
    return not re.search(r"[本该此上下原]级?$", prefix)


def authority_of_line(line: str) -> Name | None:
    """The court or office when `line` (spaces removed) is its name and nothing else, as in a
    title block or a signature: "中华人民共和国最高人民法院", "国家知识产权局"."""
    names = authority_names(line)
    if len(names) != 1:
        return None
    n = names[0]
    head = line[: n.start]
    if head not in ("", "中华人民共和国") or n.end != len(line):
        return None
    return n


@functools.cache
def court_codes() -> dict[str, str]:
    """法院代字 → court name, from `patterns/court_codes.txt`, checked on load."""
    codes: dict[str, str] = {}
    text = resources.files("extract.patterns").joinpath("court_codes.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _, name = line.partition("\t")
        if not re.fullmatch(r"[\u4e00-\u9fff]{1,3}\d{0,4}", code) or not name.endswith("法院"):
            raise ValueError(f"court_codes.txt line {number}: expected 'code<TAB>court', got {line!r}")
        codes[code] = name
    return codes


def court_of_number(case_number: str | None) -> str | None:
    """The court a court case number names, when its code names one court for certain.

    "（2099）最高法知民终1号" → 最高人民法院, "（2099）京73民初5号" → 北京知识产权法院,
    "（2099）苏民终3号" → 江苏省高级人民法院. Pre-2016 numbers: no court code is the Supreme
    People's Court ("(2007)民三终字第4号"), 高 alone Beijing's high court ("(2014)高民(知)终字"),
    a province with 高 or alone its high court ("(2005)沪高民三(知)终字", "(2011)陕民三终字"),
    京知/沪知/粤知 from 2014 the IP courts. None for intermediate and basic courts.
    """
    parsed = parse_case_number(case_number) if case_number else None
    if parsed is None:
        return None
    codes = court_codes()
    if "字" not in case_number:
        return codes.get(parsed.court)
    court, kind = parsed.court, parsed.kind
    if court == "":
        return codes["最高法"] if re.match(r"^(?:民|行|知行|刑|赔)", kind) else None
    if court == "高":
        return codes["京"]
    if len(court) == 2 and court.endswith("高"):
        return codes.get(court[0])
    if len(court) == 1:
        if parsed.year >= 2014 and kind.startswith("知") and court + "73" in codes:
            return codes[court + "73"]
        return codes.get(court)
    return None
