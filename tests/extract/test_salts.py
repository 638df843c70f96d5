"""The salts of drug ingredients: one list (extract/patterns/salts.txt, extract/salts.py)."""

from __future__ import annotations

import re

import pytest

from extract.nlp import load_drug_lexicon
from extract.salts import read_salts, salts


def test_prefixes_are_longest_first():
    prefixes = salts().prefixes
    assert prefixes.index("硫酸氢") < prefixes.index("硫酸")  # 硫酸氢氯吡格雷 loses 硫酸氢
    assert [len(p) for p in prefixes] == sorted((len(p) for p in prefixes), reverse=True)
    assert "钠" in salts().suffixes


def test_extract_and_matching_read_the_same_salts():
    from matching.names import parse_name

    assert load_drug_lexicon().salts == frozenset(salts().prefixes)
    assert parse_name("硫酸氢氯吡格雷片").salt == "硫酸氢"
    assert parse_name("赖氨酸阿司匹林散").salt == "赖氨酸"  # a salt extract knew and matching did not


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("盐酸", "expected 'prefix|suffix<TAB>word'"),
        ("infix\t盐酸", "expected 'prefix|suffix<TAB>word'"),
        ("prefix\tHCl", "expected 'prefix|suffix<TAB>word'"),
        ("prefix\t硫酸", "given twice"),
    ],
)
def test_a_bad_line_is_named(line, complaint):
    with pytest.raises(ValueError, match=complaint):
        read_salts("# salts\nprefix\t硫酸\nsuffix\t钠\n" + line + "\n")


def test_one_home_for_the_salts(spelled_in_code):
    """Issue 10 (4): the salts are listed once, in patterns/salts.txt; no code spells a list
    of them again (a regex alternation or a sequence of two salt prefixes)."""
    words = "|".join(re.escape(w) for w in salts().prefixes)
    spelled = re.compile(rf"(?:{words})(?:\||[\"'],\s*[\"'])(?:{words})")  # 盐酸|硫酸, "盐酸", "硫酸"
    assert spelled_in_code(spelled) == []
