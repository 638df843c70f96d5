"""Salts and esters of drug ingredients: the one list of them.

The vocabulary is data (`patterns/salts.txt`), read by extract (`build_dictionaries.py` strips
salts to get bare ingredients; `nlp.drug_name_spans` reads a salt ahead of an ingredient) and
by matching (`matching/names.py` compares the salt of a name field by field).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Salts:
    prefixes: tuple[str, ...]  # 盐酸, 硫酸氢 …, longest first so that 硫酸氢 wins over 硫酸
    suffixes: tuple[str, ...]  # 钠, 钾, 钙 …


@functools.cache
def salts() -> Salts:
    """The salts from `patterns/salts.txt`, checked on load."""
    return read_salts(resources.files("extract.patterns").joinpath("salts.txt").read_text(encoding="utf-8"))


def read_salts(text: str) -> Salts:
    """The salts of a salt list's text; a bad line raises ValueError naming it."""
    found: dict[str, list[str]] = {"prefix": [], "suffix": []}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, word = line.partition("\t")
        if kind not in found or not re.fullmatch(r"[\u4e00-\u9fff]{1,6}", word):
            raise ValueError(f"salts.txt line {number}: expected 'prefix|suffix<TAB>word', got {line!r}")
        if word in found[kind]:
            raise ValueError(f"salts.txt line {number}: {word} given twice")
        found[kind].append(word)
    return Salts(tuple(sorted(found["prefix"], key=len, reverse=True)), tuple(found["suffix"]))
