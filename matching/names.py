"""Generic names (通用名): one normal form, the dosage form split off, the salt split off.

`盐酸二甲双胍缓释片` → base `二甲双胍`, salt `盐酸`, form 缓释片. The blocking key of a name is
its base: salt and form are compared field by field, because `二甲双胍片` printed in a ruling
is the listed `盐酸二甲双胍片`, while `盐酸二甲双胍片` and `二甲双胍缓释片` are not one product.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from extract.salts import salts
from matching.forms import Form, split_form

MIN_BASE = 3  # characters a base must keep after a salt is removed (碳酸钙 stays whole)
# Whitespace of any kind, dropped from names.
SPACE_RE = re.compile(r"\s+")
# A specification printed inside the name: "阿莫西林胶囊(0.25g)", "XX片（10mg）" — removed.
SPEC_IN_NAME_RE = re.compile(r"\((?=[^()]*\d)(?=[^()]*(?:mg|g|ml|μg|iu|单位|%))[^()]*\)$", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    """A generic name taken apart."""

    text: str  # the whole name, normalised
    base: str  # without salt and form: the blocking key
    salt: str | None  # 盐酸, 钠 …
    form: Form | None  # the form the name ends (or begins) with


def normalise_name(name: str) -> str:
    """NFKC (full-width to half-width, ㎎ to mg), no whitespace, a trailing specification in
    brackets removed. Idempotent."""
    text = SPACE_RE.sub("", unicodedata.normalize("NFKC", name or ""))
    text = text.replace("µ", "μ")
    previous = None
    while text != previous:
        previous = text
        text = SPEC_IN_NAME_RE.sub("", text)
    return text


def split_salt(name: str) -> tuple[str, str | None]:
    """(base, salt) of a name without its form: `盐酸二甲双胍` → (`二甲双胍`, `盐酸`),
    `泮托拉唑钠` → (`泮托拉唑`, `钠`); the salts are extract's one list (`extract/patterns/salts.txt`)."""
    for prefix in salts().prefixes:  # longest first: 硫酸氢氯吡格雷 loses 硫酸氢, not 硫酸
        if name.startswith(prefix) and len(name) - len(prefix) >= MIN_BASE:
            return name[len(prefix) :], prefix
    for suffix in salts().suffixes:
        # not an ingredient that ends in a metal: 碳酸氢钠, 氯化钾, 枸橼酸钠
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_BASE and name[-2] not in "酸氢化":
            return name[: -len(suffix)], suffix
    return name, None


@functools.lru_cache(maxsize=1 << 16)  # catalogues repeat a few thousand names a million times
def parse_name(name: str) -> Name:
    """The parts of a generic name (see the module docstring)."""
    text = normalise_name(name)
    without_form, form = split_form(text)
    base, salt = split_salt(without_form)
    return Name(text=text, base=base, salt=salt, form=form)


def name_key(name: str) -> str:
    """The blocking key of a name: its base (salt and form removed)."""
    return parse_name(name).base
