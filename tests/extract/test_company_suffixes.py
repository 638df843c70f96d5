"""Company-name suffixes: one list (extract/patterns/company_suffixes.tsv, extract/company_suffixes.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract import company_suffixes
from extract.company_suffixes import COMPANY, INSTITUTE, LEGAL, TRADER, read_suffixes, suffixes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("甲制药股份有限公司", "股份有限公司"),  # longest first
        ("乙药业有限责任公司", "有限责任公司"),
        ("Eisai Co., Ltd.", "Co., Ltd."),
        ("EISAI CO.,LTD", "CO.,LTD"),  # any case, dots and commas optional
        ("Bayer AG", "AG"),
        ("X GmbH & Co. KG", "GmbH & Co. KG"),
        ("Novo Nordisk A/S", "A/S"),
        ("Chiesi Farmaceutici S.p.A.", "S.p.A."),
        ("Pharmag", None),  # a whole word only
        ("甲制药集团", None),  # 集团 is a company word, not a legal form
    ],
)
def test_legal_forms_at_the_end(name, suffix):
    legal = re.compile(rf"(?:{company_suffixes.chinese(LEGAL)}|{company_suffixes.latin(LEGAL)})$")
    found = legal.search(name)
    assert (found.group().strip() if found else None) == suffix


def test_every_kind_has_words_and_every_word_one_kind():
    for kind in (LEGAL, COMPANY, TRADER, INSTITUTE):
        assert company_suffixes.words(kind, latin=False), kind
    assert len({s.word.casefold() for s in suffixes()}) == len(suffixes())
    with pytest.raises(ValueError, match="kinds must be"):
        company_suffixes.chinese("shop")


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("有限公司", "expected 'kind<TAB>word'"),
        ("legalform\t有限公司", "expected 'kind<TAB>word'"),
        ("legal\tLtd. 有限", "expected 'kind<TAB>word'"),
        ("company\tLTD.", "given twice"),
    ],
)
def test_a_bad_line_is_named(line, complaint):
    with pytest.raises(ValueError, match=complaint):
        read_suffixes("# suffixes\nlegal\t有限公司\nlegal\tLtd.\n" + line + "\n")


def test_the_generated_organisation_patterns_use_the_list():
    """`organisations.jsonl` (the COMPANY name ends of the NLP pipeline) is written from the list
    by build_dictionaries.py."""
    lines = (ROOT / "extract" / "patterns" / "organisations.jsonl").read_text(encoding="utf-8").splitlines()
    (company,) = [json.loads(line) for line in lines if json.loads(line)["id"] == "company"]
    ends = re.compile(company["pattern"][0]["TEXT"]["REGEX"])
    for word in company_suffixes.words(LEGAL, COMPANY, INSTITUTE, latin=False):
        assert ends.search("甲" + word), word


def _spelled(word: str) -> str:
    """A pattern for `word` as code would spell it: 有限公司; ltd, Ltd\\.?, s\\.a, S.p.A."""
    if not word.isascii():
        return re.escape(word)
    letters = [re.escape(c) for c in word if c.isalnum()]
    return r"(?:\\?\.\??)?".join(letters)


def test_one_home_for_the_company_suffixes(spelled_in_code):
    """Issue 10 (4): the company-name suffixes are listed once, in patterns/company_suffixes.tsv;
    no code spells a list of them again (a regex alternation or a sequence of two suffixes)."""
    words = "|".join(_spelled(s.word) for s in suffixes() if len(s.word) > 1)
    word = rf"(?<![A-Za-z])(?:{words})(?:\\?\.\??)?(?![A-Za-z])"
    spelled = re.compile(rf"{word}(?:\||[\"'],\s*[\"']){word}", re.IGNORECASE)  # 有限公司|公司, "ltd", "gmbh"
    assert spelled_in_code(spelled) == []
