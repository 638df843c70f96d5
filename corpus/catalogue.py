"""The sample catalogue `corpus/catalogue.csv`: every accused product of the corpus as a listed
item of 广东省, with hard negatives for each (the same name by another maker, the same maker
with another strength), some items already 已撤网 and some 中选.

`python -m corpus.catalogue` rewrites the file from the truth files; a test checks that the
committed file is what this writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
TRUTH = CORPUS_DIR / "truth"
CATALOGUE = CORPUS_DIR / "catalogue.csv"


def catalogue_id(case: str, index: int) -> str:
    return f"GD{case[:2]}{index}"


def listing(case: str) -> tuple[str, str]:
    """(挂网状态, 中选状态) of a case's listed items: every fifth case already delisted (nothing
    left to do), every fifth selected in volume-based procurement (cancel and delist)."""
    number = int(case[:2])
    return ("已撤网", "") if number % 5 == 0 else ("已挂网", "中选") if number % 5 == 1 else ("已挂网", "")


# A spec's first number: "10mg" → 10, "0.75μg" → 0.75 (doubled for a same-maker hard negative).
FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _other_number(approval: str) -> str:
    """`国药准字H20963318` → `国药准字H20963319`: an approval number of another product."""
    return approval[:-1] + str((int(approval[-1]) + 1) % 10) if approval[-1:].isdigit() else approval + "9"


def _other_spec(spec: str) -> str | None:
    match = FIRST_NUMBER.search(spec)
    if not match:
        return None
    doubled = f"{float(match.group()) * 2:g}"
    return spec[: match.start()] + doubled + spec[match.end():]


HEADER = ["产品编码", "医保代码", "通用名", "规格", "包装", "生产企业", "批准文号", "挂网状态", "中选状态", "省份"]
OTHER_MAKER = "远山制药有限公司"  # invented: the same product name by a company no ruling accuses


def catalogue_text(cases: list[str]) -> str:
    """Every accused product of `cases` as a listed item of 广东省, and for each two hard
    negatives: the same name by another maker, the same maker with another strength."""
    handle = io.StringIO()
    out = csv.writer(handle, lineterminator="\n")
    out.writerow(HEADER)
    for case in cases:
        truth = json.loads((TRUTH / f"{case}.json").read_text(encoding="utf-8"))
        status, selected = listing(case)
        for index, product in enumerate(truth["products"]):
            spec = product.get("specification") or ""
            maker = product.get("manufacturer") or product.get("party") or ""
            approvals = product.get("approval_numbers") or []
            code = (product.get("codes") or [""])[0]
            item = catalogue_id(case, index)
            out.writerow([item, code, product["name"], spec, product.get("packaging") or "", maker,
                          "、".join(approvals), status, selected, "广东省"])
            others = "、".join(_other_number(a) for a in approvals)
            out.writerow([f"N{item}a", "", product["name"], spec, "", OTHER_MAKER, others, "已挂网", "", "广东省"])
            if _other_spec(spec):
                out.writerow([f"N{item}b", "", product["name"], _other_spec(spec), "", maker, others, "已挂网", "",
                              "广东省"])
    return handle.getvalue()


def corpus_cases() -> list[str]:
    return sorted(p.stem for p in TRUTH.glob("*.json"))


def main() -> int:
    CATALOGUE.write_text(catalogue_text(corpus_cases()), encoding="utf-8")
    print(f"wrote {CATALOGUE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
