"""The seeded generator of the labelled pairs (accused product × catalogue item, label 1 when
the item is a listing of that product). Written and frozen before the matcher was tuned; its
output `data/labelled_pairs.jsonl` is committed and was reviewed by hand.

    .venv/bin/python tests/matching/make_pairs.py ../shared/data/nhsa-drug-codes.csv

Products carry real NHSA generic names and real NHSA code prefixes; companies are invented
(the reference data's real companies are never made accused parties). Each case is one
accused product with its true listings and hard negatives:
- true listings: the company printed with another suffix, （中国）, 股份, a branch, other
  widths; the specification in other units (0.25g / 250mg, μg / ug, 5ml:0.1g / 0.1g/5ml);
  the salt left out by the ruling; a coated-tablet 剂型; the maker being a contract
  manufacturer with the accused as 上市许可持有人; a second province; an item already 已撤网;
  products known only by their approval number or NHSA code;
- hard negatives: the same generic name from other makers, look-alike makers (another
  province prefix, 药业 for 制药), the same maker with another specification, another
  dosage form of the same family (分散片, 缓释片, 软胶囊…), another salt.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

SEED = 20991
CASES = 72
OUT = Path(__file__).resolve().parent / "data" / "labelled_pairs.jsonl"

PLACES = ["江苏", "浙江", "山东", "广东", "四川", "湖南", "河北", "安徽", "福建", "江西", "湖北", "辽宁"]
CORES = ["澄岚", "睿禾", "青屿", "朗泽", "沐川", "禾煦", "岐安", "溪远", "景曜", "云栖", "珩石", "泊舟",
         "砚秋", "栖梧", "芷汀", "临皋", "望舒", "蘅芜", "汀兰", "棠溪"]  # fmt: skip
TRADES = ["制药", "药业", "医药", "生物制药"]
CMOS = ["苏州澜沧生物科技有限公司", "成都岷江药品生产有限公司", "天津渤湾制药服务有限公司"]
PROVINCES = ["广东省", "江苏省", "浙江省", "山东省", "四川省"]
# Strength pools per form family, each with other printings of the same strength.
STRENGTHS = {
    "solid": [("5mg", ["5mg"]), ("10mg", ["10mg"]), ("20mg", ["20mg"]), ("25mg", ["25mg"]),
              ("0.1g", ["100mg"]), ("0.25g", ["250mg"]), ("0.5g", ["500mg"]), ("50mg", ["0.05g"])],
    "micro": [("0.25μg", ["0.25ug", "0.25mcg"]), ("0.5μg", ["0.5ug"]), ("0.75μg", ["0.75ug", "0.75µg"])],
    "liquid": [("5ml:0.1g", ["0.1g/5ml", "5ml:100mg"]), ("2ml:10mg", ["10mg/2ml"]), ("10ml:0.5g", ["10ml:500mg"]),
               ("1ml:5mg", ["5mg/1ml"])],
    "granule": [("0.5g", ["500mg"]), ("1g", ["1000mg"]), ("3g", ["3g"]), ("5g", ["5g"])],
}  # fmt: skip
# Other forms of the same family, to make "same maker, other dosage form" negatives.
OTHER_FORMS = {
    "片": ["分散片", "缓释片", "肠溶片", "咀嚼片"], "分散片": ["片", "缓释片"], "缓释片": ["片", "控释片"],
    "胶囊": ["软胶囊", "肠溶胶囊", "缓释胶囊"], "软胶囊": ["胶囊", "肠溶胶囊"], "注射液": ["注射用浓溶液"],
    "颗粒": ["混悬颗粒", "泡腾颗粒"], "栓": ["阴道栓"], "阴道栓": ["栓"], "乳膏": ["软膏"], "凝胶": ["乳膏"],
}  # fmt: skip
FORM_COLUMN = {"片": ["片剂", "片", "薄膜衣片"], "胶囊": ["胶囊剂", "硬胶囊"], "软胶囊": ["软胶囊剂", "软胶囊"],
               "颗粒": ["颗粒剂"], "注射液": ["注射剂", "注射液"], "栓": ["栓剂"]}  # fmt: skip
SALTS = ["盐酸", "硫酸", "甲磺酸", "马来酸", "枸橼酸"]
# Western drugs whose dosage form the form table learnt after the pairs were frozen (when
# extract's forms joined it, issue 10): left out, so that the committed pairs stay what this
# generator writes.
LEARNT_AFTER_FREEZE = frozenset({"水合氯醛灌肠剂", "小儿伪麻滴剂", "阿柏西普眼内注射溶液", "地塞米松玻璃体内植入剂"})


def company(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    """(place, core, trade) of a new invented company."""
    while True:
        parts = (rng.choice(PLACES), rng.choice(CORES), rng.choice(TRADES))
        if "".join(parts) not in used:
            used.add("".join(parts))
            return parts


def legal(parts: tuple[str, str, str], suffix: str = "有限公司") -> str:
    return "".join(parts) + suffix


def variant(rng: random.Random, parts: tuple[str, str, str]) -> tuple[str, str]:
    """(kind, another printing of the same company's name)."""
    place, core, trade = parts
    choices = [
        ("same", f"{place}{core}{trade}有限公司"),
        ("suffix", f"{place}{core}{trade}股份有限公司"),
        ("suffix", f"{place}{core}{trade}有限责任公司"),
        ("china", f"{place}{core}{trade}（中国）有限公司"),
        ("china", f"{place}{core}{trade}(中国)有限公司"),
        ("branch", f"{place}{core}{trade}有限公司{rng.choice(['南京', '杭州', '成都'])}分公司"),
        ("width", f"{place}{core}{trade}有限公司 "),
    ]
    return rng.choice(choices)


def lookalike(rng: random.Random, parts: tuple[str, str, str]) -> str:
    """A different company whose name looks like `parts`'s."""
    place, core, trade = parts
    other_trade = rng.choice([t for t in TRADES if t != trade])
    other_place = rng.choice([p for p in PLACES if p != place])
    return rng.choice([f"{place}{core}{other_trade}有限公司", f"{other_place}{core}{trade}有限公司"])


def pool_of(form: str) -> str:
    if form in ("软胶囊",):
        return "micro"
    if form in ("注射液", "注射用浓溶液"):
        return "liquid"
    if form in ("颗粒", "散", "干混悬剂"):
        return "granule"
    return "solid"


def approval(rng: random.Random) -> str:
    return f"国药准字H{rng.randint(2000, 2024)}{rng.randint(0, 9999):04d}"


def nhsa(prefix: str, spec_code: int, enterprise: str) -> str:
    return f"{prefix}{spec_code:02d}01{enterprise}"


def load_names(path: Path) -> list[tuple[str, str]]:
    """(generic name, 14-character code prefix) of the western drugs with a known form."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from matching.names import parse_name  # the form table only; no matcher logic

    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["nhsa_drug_code"]
            if row["generic_name"] in LEARNT_AFTER_FREEZE:
                continue
            if code.startswith("X") and len(code) == 23 and parse_name(row["generic_name"]).form:
                names.setdefault(row["generic_name"], code[:14])
    return sorted(names.items())


def make_case(rng: random.Random, number: int, name: str, prefix: str, used: set[str]) -> list[dict]:
    from matching.forms import split_form
    from matching.names import parse_name

    parsed = parse_name(name)
    form = parsed.form.canonical if parsed.form else "片"
    stem = split_form(name)[0]
    pool = STRENGTHS[pool_of(form)]
    strength, printings = rng.choice(pool)
    other_strength = rng.choice([s for s, _ in pool if s != strength])
    maker = company(rng, used)
    enterprise = f"{rng.randint(10000, 99999)}"
    number_approval = approval(rng)
    code = nhsa(prefix, 1, enterprise)
    province = rng.choice(PROVINCES)
    known = rng.choices(["full", "no_approval", "approval_only", "code_only", "party_only"], [3, 5, 2, 1, 2])[
        0
    ]

    product: dict = {"name": name, "specification": None, "approval_numbers": [], "codes": [],
                     "manufacturer": None, "party": None, "packaging": None}  # fmt: skip
    if known in ("full", "no_approval", "party_only"):
        product["specification"] = rng.choice([strength, strength + rng.choice(["×7片", "*14片/盒", ""])]) \
            if pool_of(form) == "solid" else strength  # fmt: skip
        kind, printed = variant(rng, maker)
        product["manufacturer" if known != "party_only" else "party"] = printed
    if known == "full":
        product["approval_numbers"] = [number_approval]
    if known == "approval_only":
        product["approval_numbers"] = [number_approval.replace("H", " H")]
    if known == "code_only":
        product["codes"] = [code]
    if parsed.salt and rng.random() < 0.5 and known != "approval_only":
        product["name"] = name.replace(parsed.salt, "", 1)  # rulings often drop the salt

    def item(catalogue_id: str, **fields) -> dict:
        base = {"province": province, "catalogue_id": catalogue_id, "name": name, "nhsa_code": code,
                "trade_name": None, "dosage_form": rng.choice(FORM_COLUMN.get(form, [form])),
                "specification": rng.choice([strength, *printings]), "packaging": rng.choice(["10片/盒", "24粒/盒", "1支/盒", None]),
                "manufacturer": variant(rng, maker)[1].strip(), "holder": None, "approval_numbers": [number_approval],
                "status": "已挂网", "batch": None, "selected": False}  # fmt: skip
        base.update(fields)
        return base

    pairs: list[tuple[str, int, dict]] = [("true_listing", 1, item(f"C{number:03d}A"))]
    if rng.random() < 0.5:
        pairs.append(
            (
                "other_province",
                1,
                item(f"C{number:03d}B", province=rng.choice([p for p in PROVINCES if p != province])),
            )
        )
    if rng.random() < 0.3:
        pairs.append(("withdrawn_listing", 1, item(f"C{number:03d}W", status="已撤网")))
    if rng.random() < 0.25:
        pairs.append(
            (
                "holder_is_accused",
                1,
                item(f"C{number:03d}H", manufacturer=rng.choice(CMOS), holder=legal(maker)),
            )
        )
    # hard negatives
    for index in range(rng.choice([1, 2])):
        other = company(rng, used)
        pairs.append(("other_maker", 0, item(f"C{number:03d}M{index}", manufacturer=legal(other),
                                             approval_numbers=[approval(rng)], nhsa_code=nhsa(prefix, 1, f"{rng.randint(10000, 99999)}"))))  # fmt: skip
    if rng.random() < 0.5:
        pairs.append(("lookalike_maker", 0, item(f"C{number:03d}L", manufacturer=lookalike(rng, maker),
                                                 approval_numbers=[approval(rng)], nhsa_code=nhsa(prefix, 1, f"{rng.randint(10000, 99999)}"))))  # fmt: skip
    if known != "approval_only" and known != "code_only" or rng.random() < 0.5:
        pairs.append(("other_specification", 0, item(f"C{number:03d}S", specification=other_strength,
                                                     approval_numbers=[approval(rng)], nhsa_code=nhsa(prefix, 2, enterprise))))  # fmt: skip
    if form in OTHER_FORMS:
        other_form = rng.choice(OTHER_FORMS[form])
        other_name = stem + other_form if not name.startswith("注射用") else name
        if other_name != name:
            pairs.append(("other_dosage_form", 0, item(f"C{number:03d}F", name=other_name, dosage_form=other_form,
                                                       approval_numbers=[approval(rng)], nhsa_code=None)))  # fmt: skip
    if parsed.salt:
        other_salt = rng.choice([s for s in SALTS if s != parsed.salt])
        pairs.append(("other_salt", 0, item(f"C{number:03d}T", name=name.replace(parsed.salt, other_salt, 1),
                                            approval_numbers=[approval(rng)], nhsa_code=None)))  # fmt: skip
    return [
        {"case": number, "kind": kind, "known": known, "label": label, "product": product, "item": listed}
        for kind, label, listed in pairs
    ]


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path("../shared/data/nhsa-drug-codes.csv")
    rng = random.Random(SEED)
    names = load_names(source)
    chosen = rng.sample(names, CASES)
    used: set[str] = set()
    records = []
    for number, (name, prefix) in enumerate(chosen):
        records.extend(make_case(rng, number, name, prefix, used))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    positives = sum(r["label"] for r in records)
    print(f"{len(records)} pairs ({positives} true listings, {len(records) - positives} negatives) → {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
