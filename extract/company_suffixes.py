"""Company-name suffixes: the words a company's name ends with (有限公司, 集团, Ltd., GmbH …).

The vocabulary is data (`patterns/company_suffixes.tsv`), the one list that extract reads party
and maker names with and that matching compares companies by (`matching/companies.py` drops
the legal forms). Each word has a kind (`KINDS`); a user picks the kinds it needs and gets a
regular expression of them: `chinese(LEGAL)` matches 有限公司 or any other Chinese legal
form, `latin(LEGAL)` matches "Co., Ltd." or any other Latin-script one, as a whole word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

LEGAL = "legal"  # a legal form, dropped from the comparison key: 有限公司, Ltd.
COMPANY = "company"  # another last word of a company's name: 集团, 厂, Company
TRADER = "trader"  # the last word of a shop's name: 药房, 商行
INSTITUTE = "institute"  # an organisation that is not a company but may make a product: 研究院
KINDS = (LEGAL, COMPANY, TRADER, INSTITUTE)

# A word as the file may give it: Chinese ("合伙企业（有限合伙）") or Latin ("GmbH & Co. KG", "A/S").
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff（）]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.,&/ ]*")


@dataclass(frozen=True)
class Suffix:
    kind: str  # one of KINDS
    word: str  # as listed: 有限公司, Co., Ltd.
    latin: bool  # a Latin-script word, matched whole and in any case


@functools.cache
def suffixes() -> tuple[Suffix, ...]:
    """Every suffix of `patterns/company_suffixes.tsv` (checked on load), longest first so
    that 股份有限公司 wins over 公司."""
    return read_suffixes(resources.files("extract.patterns").joinpath("company_suffixes.tsv").read_text(encoding="utf-8"))


def read_suffixes(text: str) -> tuple[Suffix, ...]:
    """The suffixes of a suffix list's text, longest first; a bad line raises ValueError naming it."""
    found: list[Suffix] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, word = line.partition("\t")
        latin = bool(_LATIN_WORD.fullmatch(word))
        if kind not in KINDS or not (latin or _CHINESE_WORD.fullmatch(word)):
            raise ValueError(f"company_suffixes.tsv line {number}: expected 'kind<TAB>word' with kind one of {KINDS}, got {line!r}")
        if word.casefold() in seen:
            raise ValueError(f"company_suffixes.tsv line {number}: {word} given twice")
        seen.add(word.casefold())
        found.append(Suffix(kind, word, latin))
    return tuple(sorted(found, key=lambda s: len(s.word), reverse=True))


def words(*kinds: str, latin: bool) -> tuple[str, ...]:
    """The words of these kinds, Latin-script or Chinese, longest first."""
    _check(kinds)
    return tuple(s.word for s in suffixes() if s.kind in kinds and s.latin == latin)


def chinese(*kinds: str) -> str:
    """A regular expression (source) matching one Chinese suffix of these kinds, longest first."""
    return "|".join(re.escape(w) for w in words(*kinds, latin=False))


def latin(*kinds: str) -> str:
    """A regular expression (source) matching one Latin-script suffix of these kinds as a whole
    word, in any case, its dots and commas optional: "Co., Ltd." → `co\\.?,?\\s*ltd\\.?`, which
    matches "CO.,LTD" and "Co Ltd" as well."""
    alternatives = "|".join(_latin_pattern(w) for w in words(*kinds, latin=True))
    return rf"(?i:(?<![a-z0-9])(?:{alternatives})(?![a-z]))"


def _latin_pattern(word: str) -> str:
    optional = {".": r"\.?", ",": ",?", " ": r"\s*"}
    return "".join(optional.get(c) or re.escape(c) for c in word.lower())


def _check(kinds: tuple[str, ...]) -> None:
    if not kinds or any(k not in KINDS for k in kinds):
        raise ValueError(f"kinds must be some of {KINDS}, got {kinds}")
