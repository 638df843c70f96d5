"""The project's one company-name normaliser.

A ruling prints `甲制药（中国）有限公司`, the platform lists `甲制药有限公司` or
`甲制药股份有限公司南京分公司`: all give the key `甲制药`. Rules, in order:
NFKC (full-/half-width), whitespace dropped, ASCII lower-cased; an English name in brackets
after a Chinese one dropped (`伊莱利利公司（Eli Lilly and Company）`); a branch (分公司/分厂)
becomes its parent; `(中国)` dropped; a legal-form suffix (股份有限公司, Co., Ltd. …: the
legal forms of extract's one list, `extract/patterns/company_suffixes.tsv`) dropped.

Known aliases (short names such as 拜耳 for 拜耳医药保健有限公司) come from
`company_aliases.tsv`, built from the originator-drug list by `python -m matching.build_aliases`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

from extract import company_suffixes

# An English name in brackets after a Chinese name: "伊莱利利公司(Eli Lilly and Company)".
ENGLISH_IN_BRACKETS_RE = re.compile(r"(?<=[\u4e00-\u9fff])\([A-Za-z][^()\u4e00-\u9fff]*\)$")
# A branch after its parent: "甲制药有限公司南京分公司" → parent "甲制药有限公司", "乙药业集团第二分厂".
BRANCH_RE = re.compile(
    rf"^(?P<parent>.+?(?:{company_suffixes.chinese(company_suffixes.LEGAL, company_suffixes.COMPANY)}))"
    r"(?P<branch>[^()]*?分(?:公司|厂))$"
)
# "(中国)" anywhere: "诺和诺德(中国)制药有限公司", "甲(中国)有限公司".
CHINA_MARKER_RE = re.compile(r"\(中国\)")
# A Chinese legal-form suffix at the end: "甲制药股份有限公司", "乙药业有限公司" (the legal
# forms of extract's one list, `extract/patterns/company_suffixes.tsv`).
CHINESE_SUFFIX_RE = re.compile(rf"(?:{company_suffixes.chinese(company_suffixes.LEGAL)})$")
# A Latin-script legal-form suffix at the end, a whole word: "bayer ag", "eisai co.,ltd.",
# "pfizer inc.", "x gmbh & co. kg" (not the "ag" of "pharmag").
ENGLISH_SUFFIX_RE = re.compile(rf"[\s,.]*{company_suffixes.latin(company_suffixes.LEGAL)}$")
_SPACES_RE = re.compile(r"\s+")  # runs of whitespace, kept single inside English names


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _SPACES_RE.sub("", text)
    else:
        text = _SPACES_RE.sub(" ", text)
    return text.lower()


@functools.lru_cache(maxsize=1 << 16)  # catalogues repeat a few thousand makers a million times
def company_key(name: str | None) -> str | None:
    """The comparison key of a company name, None for an empty name.

    Promises: idempotent (`company_key(company_key(x)) == company_key(x)`); names that differ
    only by width, spaces, (中国), a legal-form suffix or a branch give the same key.
    """
    if not name:
        return None
    text = _fold(name)
    previous = None
    while text != previous:
        previous = text
        text = ENGLISH_IN_BRACKETS_RE.sub("", text)
        branch = BRANCH_RE.match(text)
        if branch:
            text = branch["parent"]
        text = CHINA_MARKER_RE.sub("", text)
        stripped = CHINESE_SUFFIX_RE.sub("", text)
        text = stripped if stripped else text
        stripped = ENGLISH_SUFFIX_RE.sub("", text).strip(" ,.")
        text = stripped if stripped else text
    return text or None


@functools.cache
def _aliases() -> dict[str, frozenset[str]]:
    """Key → keys it is directly paired with in company_aliases.tsv (short ↔ full name).

    Pairs are not chained: 拜耳 ↔ 拜耳医药保健有限公司 and 拜耳 ↔ BAYER AG do not make the two
    legal entities aliases of each other (a licensee listed under an originator's short name
    must not become that originator)."""
    pairs: dict[str, set[str]] = {}
    text = resources.files("matching").joinpath("company_aliases.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"company_aliases.tsv line {number}: expected 'short name<TAB>full name'")
        short, full = (company_key(p) for p in parts)
        if short and full and short != full:
            pairs.setdefault(short, set()).add(full)
            pairs.setdefault(full, set()).add(short)
    return {key: frozenset(others) for key, others in pairs.items()}


def alias_keys(key: str | None) -> frozenset[str]:
    """Keys of the names paired with `key` (a company_key) in the alias list."""
    if not key:
        return frozenset()
    return _aliases().get(key, frozenset())


def same_company(a: str | None, b: str | None) -> str | None:
    """How two company names agree: "equal" (same key), "alias" (paired in the alias
    list), None when they do not agree or one is missing."""
    key_a, key_b = company_key(a), company_key(b)
    if not key_a or not key_b:
        return None
    if key_a == key_b:
        return "equal"
    if key_b in alias_keys(key_a):
        return "alias"
    return None
