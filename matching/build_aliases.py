"""Build `matching/company_aliases.tsv` from the originator-drug list (a development tool;
the package itself never reads ../shared).

    python -m matching.build_aliases ../shared/data/originator-drugs.csv

Each line pairs a company's short name (company_abbreviation) with one full legal name
(company_name) printed for it. Short names of one character or empty are skipped.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "company_aliases.tsv"


def alias_pairs(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Sorted, unique (short name, full name) pairs from originator-drugs.csv rows."""
    pairs = set()
    for row in rows:
        short = (row.get("company_abbreviation") or "").strip()
        full = " ".join((row.get("company_name") or "").split())
        if len(short) > 1 and full and short != full:
            pairs.add((short, full))
    return sorted(pairs)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path("../shared/data/originator-drugs.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        pairs = alias_pairs(list(csv.DictReader(handle)))
    lines = [f"# short name<TAB>full name; built from {source.name} by matching/build_aliases.py"]
    lines += [f"{short}\t{full}" for short, full in pairs]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pairs)} alias pairs written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
